// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accepted, host, inShadow, press, resetWidget, scriptedServer, settle, SITE } from '../../../test/helpers/widget.js';
import { ask, canAsk, consent, destroy, identify, init, mount, on, setMetadata } from './index.js';
import { outboxItems } from './outbox.js';
import { pageUrl } from './build-event.js';

beforeEach(resetWidget);
afterEach(() => {
  vi.restoreAllMocks();
  resetWidget();
});

const popover = () => document.querySelector('feedloop-popover');

async function answerPopover(value: number) {
  inShadow(popover()!, `[data-value="${value}"]`).click();
  await settle();
  inShadow<HTMLFormElement>(popover()!, 'form').requestSubmit();
  await settle();
}

describe('ask() and canAsk()', () => {
  it('refuses before init', () => {
    expect(canAsk('support.chat')).toEqual({ ok: false, reason: 'not_initialized' });
  });

  it('opens a dialog that takes focus, closes on Escape and gives focus back', async () => {
    init({ ...SITE, position: 'top-left' });
    const before = host('button');
    before.focus();
    const dismissed: unknown[] = [];
    const shown: unknown[] = [];
    on('dismissed', (d) => dismissed.push(d));
    on('shown', (s) => shown.push(s));
    expect(ask({ touchpoint: 'support.chat', metric: 'ces', interaction: { id: 'conv_1', channel: 'chat', agentId: 'ag_7' } })).toEqual({ ok: true });
    await settle();
    const dialog = inShadow(popover()!, '[role="dialog"]');
    expect(dialog.className).toContain('top left');
    expect(popover()!.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('It was easy to get what I needed.');
    expect(popover()!.shadowRoot!.activeElement?.getAttribute('role')).toBe('radio');
    expect(shown).toEqual([{ touchpoint: 'support.chat', metric: 'ces', popover: true }]);
    expect(canAsk('other')).toEqual({ ok: false, reason: 'open' });
    press(dialog, 'Escape');
    await settle();
    expect(popover()).toBeNull();
    expect(document.activeElement).toBe(before);
    expect(dismissed).toEqual([{ touchpoint: 'support.chat', metric: 'ces' }]);
    expect(canAsk('support.chat')).toEqual({ ok: false, reason: 'dismissed' });
  });

  it('sends the interaction with the answer, then does not ask again during the cooldown, in any tab', async () => {
    const requests = scriptedServer(accepted());
    init({ ...SITE, cooldown: { answered: 10 } });
    ask({ touchpoint: 'support.chat', metric: 'csat', interaction: { id: 'conv_1', channel: 'chat', agentId: 'ag_7' } });
    await settle();
    await answerPopover(5);
    expect(requests[0]!.events[0]).toMatchObject({ touchpoint: 'support.chat', value: 5, interaction: { id: 'conv_1', channel: 'chat', agentId: 'ag_7' } });
    inShadow(popover()!, '.x').click();
    expect(canAsk('support.chat')).toEqual({ ok: false, reason: 'answered' });
    expect(canAsk('checkout')).toEqual({ ok: true });
    // Another tab reads the same storage; 11 days later it may ask again.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 11 * 864e5);
    expect(canAsk('support.chat')).toEqual({ ok: true });
  });

  it('closing after a rating but before Send still sends the rating, with what was typed', async () => {
    const requests = scriptedServer(accepted());
    init({ ...SITE });
    ask({ touchpoint: 'support.chat', metric: 'nps' });
    await settle();
    inShadow(popover()!, '[data-value="9"]').click();
    await settle();
    const textarea = inShadow<HTMLTextAreaElement>(popover()!, 'textarea');
    textarea.value = 'Maya was great';
    textarea.dispatchEvent(new Event('input'));
    inShadow(popover()!, '.x').click();
    await settle();
    expect(requests[0]!.events[0]).toMatchObject({ metric: 'nps', value: 9, comment: 'Maya was great' });
    expect(canAsk('support.chat')).toEqual({ ok: false, reason: 'answered' });
  });

  it('samples: a 0 rate never asks, and the decision holds for the page', () => {
    init({ ...SITE, sampleRate: 0 });
    expect(ask({ touchpoint: 'checkout' })).toEqual({ ok: false, reason: 'sampled_out' });
    expect(popover()).toBeNull();
    destroy();
    init({ ...SITE, sampleRate: 0.5 });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.7);
    expect(canAsk('checkout')).toEqual({ ok: false, reason: 'sampled_out' });
    random.mockReturnValue(0.1);
    expect(canAsk('checkout')).toEqual({ ok: false, reason: 'sampled_out' });
    expect(canAsk('billing')).toEqual({ ok: true });
  });

  it('the launcher is off by default, and when on opens the question and hides itself meanwhile', async () => {
    init({ ...SITE });
    expect(document.querySelector('feedloop-launcher')).toBeNull();
    destroy();
    init({ ...SITE, launcher: { touchpoint: 'site', metric: 'emoji' } });
    const launcher = document.querySelector('feedloop-launcher')!;
    const button = inShadow(launcher, 'button');
    button.focus();
    await settle();
    expect(button.textContent).toBe('Feedback');
    button.click();
    await settle();
    expect(popover()).not.toBeNull();
    expect(button.hidden).toBe(true);
    press(inShadow(popover()!, '[role="dialog"]'), 'Escape');
    expect(button.hidden).toBe(false);
    // Focus goes back to the launcher's own button, inside its shadow root.
    expect(launcher.shadowRoot!.activeElement).toBe(button);
  });
});

describe('consent and privacy', () => {
  it("'pending' stores and sends nothing until consent(true), then sends what was given", async () => {
    const requests = scriptedServer(accepted());
    init({ ...SITE, consent: 'pending' });
    ask({ touchpoint: 'checkout' });
    await settle();
    await answerPopover(4);
    expect(requests).toHaveLength(0);
    expect(localStorage.length).toBe(0);
    consent(true);
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.events[0]).toMatchObject({ value: 4 });
    expect(localStorage.getItem('feedloop:c:checkout')).toContain('answered');
  });

  it('consent(false) forgets what was given, hides every question and the launcher, and asks nothing more', async () => {
    const requests = scriptedServer(accepted());
    init({ ...SITE, consent: 'pending' });
    const element = host();
    mount(element, { touchpoint: 'checkout' });
    await settle();
    inShadow(element, '[data-value="2"]').click();
    await settle();
    consent(false);
    expect(outboxItems()).toHaveLength(0);
    expect(canAsk('checkout')).toEqual({ ok: false, reason: 'consent' });
    expect(element.shadowRoot!.querySelector('[role="radiogroup"]')).toBeNull();
    consent(true);
    await settle();
    expect(requests).toHaveLength(0);
    expect(localStorage.length).toBe(0);
  });

  it('sends the identified user and metadata, but no identity from a browser with Global Privacy Control', async () => {
    const requests = scriptedServer(accepted());
    init({ ...SITE, metadata: { plan: 'pro' } });
    identify({ id: 'u_1', email: 'ana@example.com' });
    setMetadata({ arm: 'B' });
    const element = host();
    mount(element, { touchpoint: 'checkout', metadata: { step: 3 } });
    await settle();
    inShadow(element, '[data-value="5"]').click();
    await settle();
    inShadow<HTMLFormElement>(element, 'form').requestSubmit();
    await settle();
    expect(requests[0]!.events[0]).toMatchObject({ user: { id: 'u_1', email: 'ana@example.com' }, metadata: { plan: 'pro', arm: 'B', step: 3 } });
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const second = host();
      mount(second, { touchpoint: 'billing' });
      await settle();
      inShadow(second, '[data-value="5"]').click();
      await settle();
      inShadow<HTMLFormElement>(second, 'form').requestSubmit();
      await settle();
      expect(requests[1]!.events[0]!.user).toBeUndefined();
      expect(requests[1]!.events[0]!.metadata).toEqual({ plan: 'pro', arm: 'B' });
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('strips the query string and fragment from the page URL unless allowed', () => {
    const href = 'https://shop.example/order/42?token=secret&utm_source=mail&utm_source=x#card';
    expect(pageUrl(href, undefined)).toBe('https://shop.example/order/42');
    expect(pageUrl(href, ['utm_source'])).toBe('https://shop.example/order/42?utm_source=mail&utm_source=x');
    expect(pageUrl(href, true)).toBe('https://shop.example/order/42?token=secret&utm_source=mail&utm_source=x');
  });

  it('sets no cookies', async () => {
    scriptedServer(accepted());
    init({ ...SITE });
    ask({ touchpoint: 'checkout' });
    await settle();
    await answerPopover(3);
    expect(document.cookie).toBe('');
  });
});

describe('events and lifecycle', () => {
  it('on() returns an unsubscribe, and a throwing listener does not break the widget', async () => {
    init({ ...SITE });
    const seen: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => {});
    on('shown', () => {
      throw new Error('host bug');
    });
    const off = on('shown', (s) => seen.push(s.touchpoint));
    mount(host(), { touchpoint: 'a' });
    await settle();
    off();
    mount(host(), { touchpoint: 'b' });
    await settle();
    expect(seen).toEqual(['a']);
  });

  it('a second init() starts over and remounts the custom elements already on the page', async () => {
    init({ ...SITE });
    const element = host('feedloop-rating');
    element.setAttribute('touchpoint', 'checkout');
    await settle();
    init({ ...SITE, theme: 'dark' });
    await settle();
    expect(element.shadowRoot!.querySelectorAll('[role="radio"]')).toHaveLength(5);
    expect(inShadow(element, '.v').classList.contains('dark')).toBe(true);
  });

  it('destroy() removes every question, the launcher and the popover, and stops listening', async () => {
    init({ ...SITE, launcher: { touchpoint: 'site' } });
    const element = host();
    mount(element, { touchpoint: 'a' });
    ask({ touchpoint: 'b' });
    await settle();
    destroy();
    expect(element.shadowRoot!.querySelector('[role="radiogroup"]')).toBeNull();
    expect(document.querySelector('feedloop-popover, feedloop-launcher')).toBeNull();
    expect(canAsk('b')).toEqual({ ok: false, reason: 'not_initialized' });
  });
});

describe('markup', () => {
  it('<feedloop-rating> mounts from its attributes and follows their changes', async () => {
    init({ ...SITE });
    const element = host('feedloop-rating');
    element.setAttribute('touchpoint', 'article.help');
    element.setAttribute('metric', 'thumbs');
    element.setAttribute('question', 'Did this article help?');
    await settle();
    expect(inShadow(element, '#q').textContent).toBe('Did this article help?');
    element.setAttribute('metric', 'nps');
    await settle();
    expect(element.shadowRoot!.querySelectorAll('[role="radio"]')).toHaveLength(11);
    // Moved: the same question, with its rating in progress.
    inShadow(element, '[data-value="9"]').click();
    await settle();
    document.body.prepend(element);
    await settle();
    expect(inShadow(element, '[aria-checked="true"]').dataset.value).toBe('9');
    element.remove();
    await settle();
    expect(element.shadowRoot!.querySelector('[role="radio"]')).toBeNull();
  });

  it('mounts every [data-feedloop-touchpoint], including ones added later, and reports bad markup as an error event', async () => {
    const first = host();
    first.dataset.feedloopTouchpoint = 'checkout';
    first.dataset.feedloopMetric = 'emoji';
    first.dataset.feedloopReasons = 'price, speed';
    const errors: { code: string }[] = [];
    init({ ...SITE });
    on('error', (e) => errors.push(e));
    await settle();
    expect(first.shadowRoot!.querySelectorAll('[role="radio"]')).toHaveLength(5);
    const later = host();
    later.setAttribute('data-feedloop-touchpoint', 'onboarding.step-2');
    await settle();
    expect(later.shadowRoot!.querySelectorAll('[role="radio"]')).toHaveLength(5);
    const bad = host();
    bad.setAttribute('data-feedloop-touchpoint', 'Bad Name');
    await settle();
    expect(errors.map((e) => e.code)).toEqual(['WIDGET_OPTIONS_INVALID']);
    inShadow(first, '[data-value="1"]').click();
    await settle();
    expect([...first.shadowRoot!.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual(['price', 'speed']);
  });
});
