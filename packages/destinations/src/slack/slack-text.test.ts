import { describe, expect, it } from 'vitest';
import { escapeSlack, escapeToFit, slackLink } from './slack-text.js';

describe('escapeSlack', () => {
  it('turns exactly &, < and > into entities, so nothing a customer wrote is parsed', () => {
    expect(escapeSlack('<!channel> look at <https://evil.example|your invoice> & <@U123>')).toBe(
      '&lt;!channel&gt; look at &lt;https://evil.example|your invoice&gt; &amp; &lt;@U123&gt;',
    );
    expect(escapeSlack('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeSlack('"quotes" and \'apostrophes\' stay')).toBe('"quotes" and \'apostrophes\' stay');
    // Already-escaped text is escaped again: the customer typed the entity, and sees it.
    expect(escapeSlack('&lt;')).toBe('&amp;lt;');
  });
});

describe('escapeToFit', () => {
  it('fits the escaped text in the limit and never cuts an entity in half', () => {
    const escaped = escapeToFit('<'.repeat(100), 50);
    expect(escaped.length).toBeLessThanOrEqual(50);
    expect(escaped).toMatch(/^(&lt;)+…$/);
    expect(escapeToFit('fine', 50)).toBe('fine');
  });
});


describe('slackLink', () => {
  it('links http(s) URLs with the URL and label escaped, and only shows the label otherwise', () => {
    expect(slackLink('https://shop.example/a?x=1&y=<2>|z', 'Cart <b>')).toBe('<https://shop.example/a?x=1&amp;y=&lt;2&gt;%7Cz|Cart &lt;b&gt;>');
    expect(slackLink('javascript:alert(1)', 'Cart')).toBe('Cart');
  });
});
