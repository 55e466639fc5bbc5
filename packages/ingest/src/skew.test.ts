import { describe, expect, it } from 'vitest';
import { correctedTimestamp } from './skew.js';

const receivedAt = new Date('2026-11-23T10:00:00.000Z');

describe('correctedTimestamp', () => {
  it('moves createdAt by the client clock’s error measured with sentAt', () => {
    // The client clock runs 1 h fast: it answered 30 s before sending.
    expect(correctedTimestamp('2026-11-23T10:59:30Z', receivedAt, '2026-11-23T11:00:00Z')).toBe('2026-11-23T09:59:30.000Z');
  });

  it('trusts createdAt without sentAt, but never places it after receipt', () => {
    expect(correctedTimestamp('2026-11-23T09:00:00Z', receivedAt)).toBe('2026-11-23T09:00:00.000Z');
    expect(correctedTimestamp('2026-11-24T09:00:00Z', receivedAt)).toBe('2026-11-23T10:00:00.000Z');
  });
});
