import { h, render } from 'preact';
import { resolveOptions, type WidgetOptions } from './options.js';
import { RatingForm } from './rating-form.js';
import { applyStyles } from './styles.js';

export interface MountedWidget {
  /** Removes the widget and its shadow root content. */
  unmount(): void;
}

/** Renders the rating question into `element`, inside a shadow root the host page's CSS cannot reach. */
export function mount(element: HTMLElement, options: WidgetOptions): MountedWidget {
  const resolved = resolveOptions(options);
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  applyStyles(root, resolved.nonce);
  const container = document.createElement('div');
  root.appendChild(container);
  render(h(RatingForm, { options: resolved }), container);
  return {
    unmount() {
      render(null, container);
      container.remove();
    },
  };
}
