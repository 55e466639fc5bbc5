const LIGHT = '--a:var(--feedloop-accent,#0a58ca);--at:var(--feedloop-accent-text,#fff);--bg:var(--feedloop-bg,#fff);--t:var(--feedloop-text,#1f2328);--m:#57606a;--b:var(--feedloop-border,#8c959f);--e:#b42318;--s:#8a5d00';
const DARK = '--a:var(--feedloop-accent,#6cb6ff);--at:var(--feedloop-accent-text,#0d1117);--bg:var(--feedloop-bg,#1c2128);--t:var(--feedloop-text,#e6edf3);--m:#adbac7;--b:var(--feedloop-border,#768390);--e:#ff938a;--s:#e3b341';

/**
 * The widget's only CSS, scoped by the shadow root. `all:initial` stops what the page's CSS would otherwise pass
 * down by inheritance; the `!important` on our own hosts wins over a page's `!important` (inner context wins).
 * The host themes it through the `--feedloop-*` custom properties, which do cross the boundary.
 */
export const CSS = `:host(feedloop-rating){display:block}
:host(feedloop-popover),:host(feedloop-launcher){all:initial!important}
.v{${LIGHT};--r:var(--feedloop-radius,10px);all:initial;display:block;box-sizing:border-box;color:var(--t);font:var(--feedloop-size,15px)/1.45 var(--feedloop-font,system-ui,sans-serif)}
.dark{${DARK}}
@media(prefers-color-scheme:dark){.auto{${DARK}}}
.fl{max-width:30rem;padding:1rem;border:1px solid var(--b);border-radius:var(--r);background:var(--bg)}
.pop,.lau{position:fixed;z-index:2147483647;margin:1rem}
.pop{width:min(30rem,calc(100vw - 2rem));box-shadow:0 8px 28px #0005}
.bottom{bottom:0}.top{top:0}.right{right:0}.left{left:0}
*{box-sizing:border-box}
p{margin:0}
.q{margin-bottom:.75rem;font-weight:600}
.pop .q{padding-inline-end:2rem}
.scale{display:flex;flex-wrap:wrap;gap:.375rem}
button,textarea{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--b);border-radius:var(--r);cursor:pointer}
.opt{flex:1 1 0;min-width:1.75rem;min-height:2.5rem;padding:0 .25rem}
.opt[aria-checked=true],.chip[aria-pressed=true],.send,.lau{background:var(--a);border-color:var(--a);color:var(--at)}
.stars{gap:0}
.stars .opt{flex:none;border:0;background:none;color:var(--m);font-size:1.75rem;line-height:1}
.stars .on{color:var(--s)}
.emoji .opt,.thumbs .opt{font-size:1.5rem}
.ends{display:flex;justify-content:space-between;gap:1rem;margin-top:.25rem;font-size:.8125rem;color:var(--m)}
.chips{display:flex;flex-wrap:wrap;gap:.375rem;margin-top:.75rem}
.chip{min-height:2rem;padding:0 .75rem;border-radius:1rem}
label{display:block;margin:.75rem 0 .25rem}
label span{color:var(--m)}
textarea{display:block;width:100%;min-height:4.5rem;padding:.5rem;cursor:text}
.send,.lau{margin-top:.75rem;min-height:2.5rem;padding:0 1.25rem;font-weight:600}
.x{position:absolute;top:.5rem;inset-inline-end:.5rem;width:2rem;height:2rem;border:0;font-size:1.25rem;line-height:1}
.msg:not(:empty){margin-top:.5rem}
.err{color:var(--e)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
`;

/**
 * Constructable stylesheets need no `style-src 'unsafe-inline'`, so a strict CSP page works as is;
 * where the browser lacks them, a <style> element carries the page's nonce.
 */
export function applyStyles(root: ShadowRoot, nonce?: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  root.append(style);
}
