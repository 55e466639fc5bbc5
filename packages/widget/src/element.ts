import { questionFromAttributes } from './attributes.js';
import { emit } from './emitter.js';
import { checkQuestion } from './options.js';
import { openQuestion } from './question.js';
import type { Instance } from './state.js';
import type { WidgetError } from './widget-error.js';

/** Mounts a question from markup; a mistake in the markup is reported as an `error` event, not thrown. */
export function mountFromMarkup(host: HTMLElement, read: (name: string) => string | null): Instance | undefined {
  try {
    const question = questionFromAttributes(read);
    checkQuestion(question);
    return openQuestion(host, question);
  } catch (error) {
    emit('error', error as WidgetError);
  }
}

const ATTRIBUTES = ['touchpoint', 'metric', 'question', 'low-label', 'high-label', 'scale', 'reasons', 'comment'];

interface RatingElement extends HTMLElement {
  widget?: Instance;
  connectedCallback(): void;
}

/**
 * `<feedloop-rating touchpoint="checkout" metric="nps">`: plain attributes, so it works the same from HTML,
 * React, Vue and Svelte. Defined on first `init()`, never at import, so that server rendering never sees it;
 * a later `init()` remounts the elements already on the page.
 */
export function defineElement(): void {
  if (customElements.get('feedloop-rating')) {
    for (const element of document.querySelectorAll<RatingElement>('feedloop-rating')) {
      element.widget = undefined;
      element.connectedCallback();
    }
    return;
  }
  customElements.define(
    'feedloop-rating',
    class extends HTMLElement implements RatingElement {
      static observedAttributes = ATTRIBUTES;
      widget?: Instance;
      key?: string;
      /** After the current task, so that a framework setting attributes one by one mounts once, complete. */
      connectedCallback() {
        queueMicrotask(() => {
          const key = ATTRIBUTES.map((name) => this.getAttribute(name)).join('\n');
          // Moved within the page (a framework reordering nodes): same question, same rating in progress.
          if (!this.isConnected || (this.widget && key === this.key)) return;
          this.key = key;
          this.widget?.unmount();
          this.widget = mountFromMarkup(this, (name) => this.getAttribute(name));
        });
      }
      attributeChangedCallback() {
        this.connectedCallback();
      }
      disconnectedCallback() {
        // A move is a disconnect and a connect in one task: only a real removal ends the question.
        queueMicrotask(() => {
          if (this.isConnected) return;
          this.widget?.unmount();
          this.widget = undefined;
        });
      }
    },
  );
}
