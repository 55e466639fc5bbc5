/** The widget's only CSS, scoped by the shadow root; custom properties let the host theme it. */
export const CSS = `
:host{all:initial;display:block;font:var(--feedloop-font,15px/1.4 system-ui,sans-serif);color:var(--feedloop-text,#1f2328)}
form,.thanks{box-sizing:border-box;max-width:28rem;padding:1rem;border:1px solid var(--feedloop-border,#d0d7de);border-radius:var(--feedloop-radius,10px);background:var(--feedloop-bg,#fff)}
.q{margin:0 0 .75rem;font-weight:600}
.scale{display:flex;gap:.375rem;flex-wrap:wrap}
.opt{min-width:2.75rem;min-height:2.75rem;border:1px solid var(--feedloop-border,#8c959f);border-radius:var(--feedloop-radius,10px);background:var(--feedloop-bg,#fff);color:inherit;font:inherit;cursor:pointer}
.opt[aria-checked=true]{background:var(--feedloop-accent,#0a58ca);border-color:var(--feedloop-accent,#0a58ca);color:var(--feedloop-accent-text,#fff)}
:focus-visible{outline:3px solid var(--feedloop-focus,#0a58ca);outline-offset:2px}
label{display:block;margin:.75rem 0 .25rem}
textarea{box-sizing:border-box;width:100%;min-height:4.5rem;padding:.5rem;border:1px solid var(--feedloop-border,#8c959f);border-radius:6px;font:inherit;color:inherit;background:inherit}
.send{margin-top:.75rem;min-height:2.5rem;padding:0 1.25rem;border:0;border-radius:var(--feedloop-radius,10px);background:var(--feedloop-accent,#0a58ca);color:var(--feedloop-accent-text,#fff);font:inherit;font-weight:600;cursor:pointer}
.send:disabled{opacity:.6;cursor:default}
.err{color:#b42318;margin:.5rem 0 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

/**
 * Constructable stylesheets need no `style-src 'unsafe-inline'`, so a strict CSP page works as is;
 * where the browser lacks them, a <style> element carries the page's nonce.
 */
export function applyStyles(root: ShadowRoot, nonce?: string): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  root.appendChild(style);
}
