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

/**
 * `<feedloop-rating touchpoint="checkout" metric="nps">`: plain attributes, so it works the same from HTML,
 * React, Vue and Svelte. Defined on first `init()`, never at import, so that server rendering never sees it.
 */
export function defineElement(): void {
  if (customElements.get('feedloop-rating')) return;
  customElements.define(
    'feedloop-rating',
    class extends HTMLElement {
      static observedAttributes = ['touchpoint', 'metric', 'question', 'low-label', 'high-label', 'scale', 'reasons', 'comment'];
      widget?: Instance;
      connectedCallback() {
        this.widget?.unmount();
        this.widget = mountFromMarkup(this, (name) => this.getAttribute(name));
      }
      attributeChangedCallback() {
        if (this.widget) this.connectedCallback();
      }
      disconnectedCallback() {
        this.widget?.unmount();
        this.widget = undefined;
      }
    },
  );
}
