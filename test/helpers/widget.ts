import type { WireEvent } from '@feedloop/schema';
import { destroy } from '../../packages/widget/src/api.js';
import { sender } from '../../packages/widget/src/sender.js';
import { state } from '../../packages/widget/src/state.js';
import { storeOn } from '../../packages/widget/src/storage.js';
import type { Answer } from '../../packages/widget/src/transport.js';

/** Site settings for happy-dom widget tests; nothing is sent anywhere unless a test says so. */
export const SITE = { endpoint: 'https://feedback.example', siteKey: 'pk_test_123' } as const;
export const POST_URL = 'https://feedback.example/v1/events?key=pk_test_123';

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
export async function settle(ticks = 4): Promise<void> {
  for (let i = 0; i < ticks; i++) await tick();
}

export function host(tag = 'div'): HTMLElement {
  const element = document.createElement(tag);
  document.body.appendChild(element);
  return element;
}

export function inShadow<T extends Element = HTMLElement>(element: Element, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector} in the shadow root`);
  return found;
}

export function press(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
}

export function type(textarea: HTMLTextAreaElement, text: string): void {
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Stands in for the network under the outbox: answers in order (the last one repeats), recording each request.
 * The browser end-to-end tests run the same code against the real ingest server.
 */
export function scriptedServer(...answers: (Answer | ((events: WireEvent[]) => Answer))[]) {
  const requests: { url: string; events: WireEvent[] }[] = [];
  sender.transport = async (url, events) => {
    requests.push({ url, events: structuredClone(events) });
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    return typeof answer === 'function' ? answer(events) : answer;
  };
  return requests;
}

export const accepted = (): Answer => ({ status: 202, rejected: [] });

/** What the page handed to `sendBeacon` / keepalive fetch on its way out. */
export const beacons: { url: string; events: WireEvent[] }[] = [];

/** Between tests: no widget, no storage, and no path to the real network (an unscripted send is a network failure). */
export function resetWidget(): void {
  destroy();
  storeOn('device');
  state.consent = 'granted';
  state.watchers.clear();
  sender.transport = async () => ({ status: 0 });
  sender.beacon = (url, data) => void beacons.push({ url, events: JSON.parse(data).batch });
  beacons.length = 0;
  sender.held.clear();
  localStorage.clear();
  document.body.innerHTML = '';
}
