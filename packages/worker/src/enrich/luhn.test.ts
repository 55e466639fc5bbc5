import { describe, expect, it } from 'vitest';
import { luhn } from './luhn.js';

describe('luhn', () => {
  it('passes well-known test card numbers', () => {
    for (const card of ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222', '3530111333300000']) {
      expect(luhn(card), card).toBe(true);
    }
  });

  it('fails a number with one digit changed or two neighbours swapped', () => {
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('4242424242424224')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('79927398710')).toBe(false);
  });

  it('takes digits only', () => {
    expect(luhn('')).toBe(false);
    expect(luhn('4111 1111 1111 1111')).toBe(false);
    expect(luhn('0')).toBe(true);
  });
});
