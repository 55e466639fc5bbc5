// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accepted, host, inShadow, POST_URL, press, resetWidget, scriptedServer, settle, SITE, type } from '../../../test/helpers/widget.js';
import { init, mount, on } from './index.js';
import { METRIC_SCALES, METRIC_NAMES } from '@feedloop/schema/metrics';

beforeEach(resetWidget);
afterEach(resetWidget);

async function mounted(options: Parameters<typeof mount>[1]) {
  const element = host();
  mount(element, { ...SITE, ...options });
  await settle();
  const radios = () => [...element.shadowRoot!.querySelectorAll<HTMLElement>('[role="radio"]')];
  const checked = () => element.shadowRoot!.querySelector('[aria-checked="true"]')?.getAttribute('data-value');
  return { element, radios, checked, group: inShadow(element, '[role="radiogroup"]'), $: <T extends Element = HTMLElement>(s: string) => inShadow<T>(element, s) };
}

describe('questions', () => {
  it.each(METRIC_NAMES)('%s: a radio group labelled by its question, one radio per value, one tab stop', async (metric) => {
    const { element, radios, group } = await mounted({ touchpoint: 'checkout', metric });
    const { min, max } = METRIC_SCALES[metric];
    expect(radios().map((r) => Number(r.dataset.value))).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
    expect(radios().filter((r) => r.getAttribute('tabindex') === '0')).toHaveLength(1);
    expect(element.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!)?.textContent).toBeTruthy();
    for (const radio of radios()) expect(radio.getAttribute('aria-label')).toBeTruthy();
    expect(element.children).toHaveLength(0);
  });

  it('names every value, and the NPS and CES ends, for screen readers', async () => {
    const nps = await mounted({ touchpoint: 'a', metric: 'nps' });
    const labels = nps.radios().map((r) => r.getAttribute('aria-label'));
    expect(labels[0]).toBe('0 – Not at all likely');
    expect(labels[5]).toBe('5');
    expect(labels[10]).toBe('10 – Extremely likely');
    expect(nps.$('.ends').textContent).toBe('Not at all likelyExtremely likely');
    const ces = await mounted({ touchpoint: 'b', metric: 'ces' });
    expect(ces.radios().map((r) => r.getAttribute('aria-label'))[0]).toBe('1 – Strongly disagree');
    const emoji = await mounted({ touchpoint: 'c', metric: 'emoji' });
    expect(emoji.radios().map((r) => r.getAttribute('aria-label'))).toEqual(['Terrible', 'Bad', 'Okay', 'Good', 'Great']);
    const fcr = await mounted({ touchpoint: 'd', metric: 'fcr' });
    expect(fcr.radios().map((r) => r.textContent)).toEqual(['No', 'Yes']);
  });

  it('shows CSAT as stars by default and as numbers on request', async () => {
    const stars = await mounted({ touchpoint: 'a' });
    expect(stars.radios().map((r) => r.textContent)).toEqual(['★', '★', '★', '★', '★']);
    stars.radios()[3]!.click();
    await settle();
    expect(stars.radios().map((r) => r.classList.contains('on'))).toEqual([true, true, true, true, false]);
    const numbers = await mounted({ touchpoint: 'b', scale: 'numbers' });
    expect(numbers.radios().map((r) => r.textContent)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('takes custom question text and end labels', async () => {
    const q = await mounted({ touchpoint: 'a', metric: 'nps', question: 'Would you recommend Acme?', lowLabel: 'Never', highLabel: 'Already did' });
    expect(q.$('#q').textContent).toBe('Would you recommend Acme?');
    expect(q.radios()[0]!.getAttribute('aria-label')).toBe('0 – Never');
    expect(q.radios()[10]!.getAttribute('aria-label')).toBe('10 – Already did');
  });

  it('moves and selects with arrow keys, Home and End, keeping focus on the checked radio', async () => {
    const { group, checked, element } = await mounted({ touchpoint: 'a', metric: 'nps' });
    press(group, 'ArrowRight');
    expect(checked()).toBe('0');
    press(group, 'ArrowRight');
    press(group, 'ArrowDown');
    expect(checked()).toBe('2');
    press(group, 'ArrowLeft');
    expect(checked()).toBe('1');
    press(group, 'End');
    press(group, 'ArrowRight');
    expect(checked()).toBe('10');
    press(group, 'Home');
    press(group, 'ArrowUp');
    expect(checked()).toBe('0');
    expect(element.shadowRoot!.activeElement?.getAttribute('data-value')).toBe('0');
    expect(element.shadowRoot!.querySelector('[tabindex="0"]')?.getAttribute('data-value')).toBe('0');
  });

  it('reverses left and right in right-to-left languages', async () => {
    const { group, checked, $ } = await mounted({ touchpoint: 'a', metric: 'ces', locale: 'he', locales: { he: {} } });
    expect($('.v').getAttribute('dir')).toBe('rtl');
    press(group, 'End');
    press(group, 'ArrowRight');
    expect(checked()).toBe('6');
    press(group, 'ArrowLeft');
    expect(checked()).toBe('7');
  });

  it.each([
    ['nps', 3, 'What could we do better?'],
    ['nps', 8, 'What would make it even better?'],
    ['nps', 10, 'What did you like most?'],
    ['thumbs', 0, 'What could we do better?'],
    ['ces', 6, 'What did you like most?'],
  ] as const)('%s %i asks "%s" after the rating', async (metric, value, prompt) => {
    const q = await mounted({ touchpoint: 'a', metric });
    expect(q.element.shadowRoot!.querySelector('textarea')).toBeNull();
    q.radios().find((r) => r.dataset.value === String(value))!.click();
    await settle();
    const textarea = q.$('textarea');
    expect(q.element.shadowRoot!.querySelector(`label[for="${textarea.id}"]`)?.textContent).toBe(`${prompt} (optional)`);
  });

  it('sends the rating with comment and chosen reasons, thanks the customer in a live region and emits submitted', async () => {
    const requests = scriptedServer(accepted());
    const submitted: unknown[] = [];
    const q = await mounted({ touchpoint: 'checkout', metric: 'csat', reasons: ['price', 'delivery', 'support'] });
    on('submitted', (payload) => submitted.push(payload.event));
    q.radios()[1]!.click();
    await settle();
    const chips = [...q.element.shadowRoot!.querySelectorAll<HTMLElement>('.chip')];
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false']);
    chips[0]!.click();
    chips[2]!.click();
    chips[2]!.click();
    chips[1]!.click();
    await settle();
    type(q.$<HTMLTextAreaElement>('textarea'), '  Late again  ');
    q.$<HTMLFormElement>('form').requestSubmit();
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(POST_URL);
    expect(requests[0]!.events[0]).toMatchObject({ touchpoint: 'checkout', metric: 'csat', value: 2, comment: 'Late again', answers: { price: true, delivery: true } });
    expect(submitted).toHaveLength(1);
    const status = q.$('[role="status"]');
    expect(status.textContent).toBe('Thank you for your feedback!');
    expect(q.element.shadowRoot!.activeElement).toBe(status);
    expect(q.element.shadowRoot!.querySelector('form')).toBeNull();
  });

  it('keeps focus and the typed comment when the question repaints', async () => {
    const q = await mounted({ touchpoint: 'a', reasons: ['price'] });
    q.radios()[4]!.click();
    await settle();
    const textarea = q.$<HTMLTextAreaElement>('textarea');
    textarea.focus();
    type(textarea, 'Great');
    q.$('.chip').click();
    await settle();
    expect(q.$('textarea')).toBe(textarea);
    expect(textarea.value).toBe('Great');
    // happy-dom's click() moves no focus: the repaint happens with the textarea focused, and it stays so.
    textarea.focus();
    q.$('.chip').click();
    await settle();
    expect(q.$('.chip').getAttribute('aria-pressed')).toBe('false');
    expect(q.element.shadowRoot!.activeElement).toBe(textarea);
  });

  it('a comment can be turned off; the rating alone is a complete answer', async () => {
    const requests = scriptedServer(accepted());
    const q = await mounted({ touchpoint: 'a', metric: 'thumbs', comment: false });
    q.radios()[1]!.click();
    await settle();
    expect(q.element.shadowRoot!.querySelector('textarea')).toBeNull();
    q.$<HTMLFormElement>('form').requestSubmit();
    await settle();
    expect(requests[0]!.events[0]).toMatchObject({ metric: 'thumbs', value: 1 });
    expect(requests[0]!.events[0]!.comment).toBeUndefined();
  });

  it('styles the shadow root with a constructable stylesheet, or a <style> with the nonce where there is none', async () => {
    const adopted = await mounted({ touchpoint: 'a', nonce: 'r4nd0m' });
    expect(adopted.element.shadowRoot!.adoptedStyleSheets).toHaveLength(1);
    expect(adopted.element.shadowRoot!.querySelector('style')).toBeNull();
    // An older browser: CSSStyleSheet cannot be constructed and filled.
    vi.stubGlobal('CSSStyleSheet', class {});
    try {
      const element = host();
      mount(element, { touchpoint: 'b' });
      const style = element.shadowRoot!.querySelector('style')!;
      expect(style.nonce).toBe('r4nd0m');
      expect(style.textContent).toContain('.scale{');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(document.head.children).toHaveLength(0);
  });

  it('throws an Error with a registry code for bad options', () => {
    expect(() => mount(host(), { ...SITE, touchpoint: 'Not Valid' })).toThrow(expect.objectContaining({ code: 'WIDGET_OPTIONS_INVALID' }));
    expect(() => mount(host(), { ...SITE, endpoint: 'ftp://x', touchpoint: 'a' })).toThrow(/endpoint \("ftp:\/\/x"\)/);
    expect(() => init({ ...SITE, theme: 'blue' as 'dark' })).toThrow(/theme/);
    expect(() => mount(host(), { touchpoint: 'a' })).toThrow(/endpoint \(missing\)/);
    expect(() => mount(host(), { ...SITE } as never)).toThrow(/touchpoint \(missing\)/);
  });
});
