import type { Config } from '@feedloop/runtime';
import { luhn } from './luhn.js';

export type RedactKind = Config['privacy']['redact'][number];

/** Replaces what `privacy.redact` names in a comment or an answer. */
export type Redactor = (text: string) => string;

// The patterns are compiled once; each is tried only on text that has its tell-tale character ('@', a digit).
// The look-behind makes a match start only where a run of address characters starts: linear, not quadratic, time.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;

// 13–19 digits, single spaces or dashes between them allowed, not inside a longer run of digits or a word.
const CARD = /(?<![\p{L}\p{N}_])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}_])/gu;

// Phone numbers as people write them. Bare runs of digits and bare 7-digit local numbers (555-1234) are left alone:
// they are as often order numbers, ranges ("500-1000") or amounts.
const PHONE_FORMS = [
  // +44 20 7946 0958 · +1 (555) 123-4567 · +44 (0)20 7946 0958 · +33 1 23 45 67 89 · +4930123456
  String.raw`\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,4})?(?:[ .-]?\d{2,5}){1,5}`,
  // (555) 123-4567 · (020) 7946 0958
  String.raw`\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}`,
  // 555-123-4567 · 555.123.4567 · 555 123 4567
  String.raw`\d{3}[ .-]\d{3}[ .-]\d{4}`,
  // 01 23 45 67 89 (France and others that group by two after the trunk 0)
  String.raw`0\d(?:[ .-]\d{2}){4}`,
  // 020 7946 0958 · 030 1234567 · 0800 123 456 · 07946 095800 (a trunk 0, an area code, at least one separator)
  String.raw`0\d{2,4}[ .-]\d{3,4}(?:[ .-]?\d{3,4})?`,
];
// Not glued to a word, a number, an amount ($ € £ ¥) or a decimal / date separator before; nor to a word or more digits after.
const PHONE = new RegExp(String.raw`(?<![\p{L}\p{N}_$€£¥+.,/-])(?:${PHONE_FORMS.join('|')})(?![\p{L}\p{N}_]|[.,/-]\d)`, 'gu');

const HAS_DIGIT = /\d/;
const SEPARATORS = /[ -]/g;
const NOT_DIGIT = /\D/g;
const FIRST_GROUP = /^\d{4}[ -]/;

/**
 * Digits written as a card number is: in one run, in groups of four (the last one shorter), or as 4-6-5 (American
 * Express) or 4-6-4 (Diners); so that two dates or a list of small numbers never pass for a card.
 */
function isCardNumber(text: string): boolean {
  const groups = text.split(SEPARATORS).map((group) => group.length);
  const shape = groups.join('-');
  const grouped =
    groups.length === 1 ||
    shape === '4-6-5' ||
    shape === '4-6-4' ||
    groups.every((length, index) => (index === groups.length - 1 ? length <= 4 : length === 4));
  if (!grouped) return false;
  const digits = text.replace(SEPARATORS, '');
  return digits.length >= 13 && digits.length <= 19 && luhn(digits);
}

function redactCard(match: string): string {
  if (isCardNumber(match)) return '[card]';
  // A card number followed by more digits (an expiry, a security code): the longest leading groups that pass.
  if (!FIRST_GROUP.test(match)) return match;
  for (let end = match.length - 1; end > 0; end--) {
    if (match[end] !== ' ' && match[end] !== '-') continue;
    if (isCardNumber(match.slice(0, end))) return '[card]' + match.slice(end);
  }
  return match;
}

function redactPhone(match: string): string {
  const digits = match.replace(NOT_DIGIT, '').length;
  return digits >= 7 && digits <= 15 ? '[phone]' : match;
}

/**
 * A function that replaces e-mail addresses with `[email]`, card numbers that pass the Luhn check with `[card]` and
 * phone numbers of 7–15 digits with `[phone]`, as `kinds` asks; undefined when it asks for nothing.
 */
export function createRedactor(kinds: readonly RedactKind[]): Redactor | undefined {
  if (kinds.length === 0) return undefined;
  const email = kinds.includes('email');
  const card = kinds.includes('card');
  const phone = kinds.includes('phone');
  return (text) => {
    let out = text;
    if (email && out.includes('@')) out = out.replace(EMAIL, '[email]');
    if ((card || phone) && HAS_DIGIT.test(out)) {
      // Cards first, so that a phone pattern never takes part of a card number.
      if (card) out = out.replace(CARD, redactCard);
      if (phone) out = out.replace(PHONE, redactPhone);
    }
    return out;
  };
}
