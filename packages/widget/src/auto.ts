import { init } from './api.js';
import type { Corner, Theme } from './options.js';

export * from './index.js';

/**
 * The script-tag build: `<script src=".../feedloop.iife.js" data-site-key="pk_…" data-endpoint="…">` starts the
 * widget and mounts every `[data-feedloop-touchpoint]` element. Without `data-site-key`, call `Feedloop.init()`.
 */
const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset;
if (data?.siteKey) {
  const start = () =>
    init({
      siteKey: data.siteKey!,
      endpoint: data.endpoint ?? new URL(script!.src).origin,
      ...(data.locale && { locale: data.locale }),
      ...(data.theme && { theme: data.theme as Theme }),
      ...(data.position && { position: data.position as Corner }),
      ...(data.consent && { consent: data.consent as 'pending' }),
      ...(data.launcher && { launcher: { touchpoint: data.launcher } }),
    });
  // A script in <head> runs before <body> exists.
  if (document.body) start();
  else addEventListener('DOMContentLoaded', start);
}
