import { describe, expect, it } from 'vitest';
import { prefixedTag, zendeskTag } from './zendesk-tag.js';

describe('zendeskTag', () => {
  it('keeps tags to lower-case letters, digits, _ and -', () => {
    expect(zendeskTag('support.chat')).toBe('support_chat');
    expect(zendeskTag('Late Delivery!')).toBe('late_delivery');
    expect(zendeskTag('onboarding_step-2')).toBe('onboarding_step-2');
    expect(zendeskTag('délai')).toBe('delai');
    expect(zendeskTag('  ...  ')).toBe('');
    expect(zendeskTag('x'.repeat(200))).toHaveLength(80);
  });

  it('prefixes, or gives nothing for an empty value', () => {
    expect(prefixedTag('touchpoint', 'support.chat')).toBe('touchpoint_support_chat');
    expect(prefixedTag('topic', '!!!')).toBeUndefined();
  });
});
