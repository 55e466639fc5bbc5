// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from './mount.js';

const options = { endpoint: 'https://feedback.example', siteKey: 'pk_test_123', touchpoint: 'checkout' };

function host(): HTMLElement {
  const element = document.createElement('div');
  document.body.appendChild(element);
  return element;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('mount', () => {
  it('renders a labelled radio group of five inside a shadow root', async () => {
    const element = host();
    mount(element, options);
    await flush();
    const root = element.shadowRoot!;
    expect(root).not.toBeNull();
    expect(element.children).toHaveLength(0);
    const group = root.querySelector('[role="radiogroup"]')!;
    const question = root.getElementById(group.getAttribute('aria-labelledby')!);
    expect(question?.textContent).toBe('How satisfied are you?');
    const radios = [...root.querySelectorAll('[role="radio"]')];
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      '1 – Very dissatisfied', '2 – Dissatisfied', '3 – Neutral', '4 – Satisfied', '5 – Very satisfied',
    ]);
    // One tab stop for the whole group.
    expect(radios.map((r) => r.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1', '-1']);
    expect(root.querySelector('textarea')?.id).toBe(root.querySelector('label')?.getAttribute('for'));
  });

  it('moves and selects with arrow keys, Home and End', async () => {
    const element = host();
    mount(element, options);
    await flush();
    const root = element.shadowRoot!;
    const group = root.querySelector('[role="radiogroup"]')!;
    const checked = () => root.querySelector('[aria-checked="true"]')?.getAttribute('data-value');
    const press = async (key: string) => {
      group.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      await flush();
    };
    await press('ArrowRight');
    expect(checked()).toBe('1');
    await press('ArrowRight');
    await press('ArrowRight');
    expect(checked()).toBe('3');
    await press('ArrowLeft');
    expect(checked()).toBe('2');
    await press('End');
    expect(checked()).toBe('5');
    await press('ArrowRight');
    expect(checked()).toBe('5');
    await press('Home');
    expect(checked()).toBe('1');
    expect(root.querySelector('[data-value="1"]')?.getAttribute('tabindex')).toBe('0');
  });

  it('sends the rating as text/plain with the key in the query, then thanks the customer', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ accepted: 1 }), { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    const element = host();
    mount(element, { ...options, endpoint: 'https://feedback.example/' });
    await flush();
    const root = element.shadowRoot!;
    (root.querySelector('[data-value="4"]') as HTMLElement).click();
    await flush();
    const textarea = root.querySelector('textarea')!;
    textarea.value = '  Quick and easy  ';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await flush();
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://feedback.example/v1/events?key=pk_test_123');
    expect(init.headers).toEqual({ 'content-type': 'text/plain' });
    const body = JSON.parse(init.body as string);
    expect(body.batch[0]).toMatchObject({ touchpoint: 'checkout', metric: 'csat', value: 4, comment: 'Quick and easy' });
    expect(body.batch[0].id).toMatch(/^[0-9a-f-]{14}7/);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Thank you for your feedback!');
  });

  it('shows an error and resends the same event id when the customer tries again', async () => {
    const answers = [new Response('{}', { status: 503 }), new Response('{}', { status: 202 })];
    const fetch = vi.fn(async () => answers.shift()!);
    vi.stubGlobal('fetch', fetch);
    const element = host();
    mount(element, options);
    await flush();
    const root = element.shadowRoot!;
    (root.querySelector('[data-value="2"]') as HTMLElement).click();
    await flush();
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await flush();
    await flush();
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/could not send/);
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await flush();
    await flush();
    const ids = fetch.mock.calls.map((call) => JSON.parse((call as unknown as [string, RequestInit])[1].body as string).batch[0].id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(root.querySelector('[role="status"]')).not.toBeNull();
  });

  it('throws an Error with a registry code for bad options', () => {
    expect(() => mount(host(), { ...options, touchpoint: 'Not Valid' })).toThrow(expect.objectContaining({ code: 'WIDGET_OPTIONS_INVALID' }));
    expect(() => mount(host(), { ...options, endpoint: 'ftp://x' })).toThrow(/endpoint/);
  });

  it('unmounts cleanly', async () => {
    const element = host();
    const widget = mount(element, options);
    await flush();
    widget.unmount();
    expect(element.shadowRoot!.querySelector('form')).toBeNull();
  });
});
