import { mountFromMarkup } from './element.js';
import type { Instance } from './state.js';

const mounted = new Map<HTMLElement, Instance | undefined>();
let observer: MutationObserver | undefined;

function scan(): void {
  for (const [element, instance] of mounted) {
    if (!element.isConnected) {
      instance?.unmount();
      mounted.delete(element);
    }
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-feedloop-touchpoint]')) {
    if (!mounted.has(element)) mounted.set(element, mountFromMarkup(element, (name) => element.getAttribute(`data-feedloop-${name}`)));
  }
}

/** Mounts every `[data-feedloop-touchpoint]` element, now and whenever the page adds one (or unmounts it when removed). */
export function watchMarkup(): void {
  scan();
  observer = new MutationObserver(scan);
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

export function stopWatchingMarkup(): void {
  observer?.disconnect();
  for (const instance of mounted.values()) instance?.unmount();
  mounted.clear();
}
