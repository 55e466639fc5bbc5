const LIGHT = '--a:var(--feedloop-accent,#0a58ca);--at:var(--feedloop-accent-text,#fff);--bg:var(--feedloop-bg,#fff);--t:var(--feedloop-text,#1f2328);--m:#57606a;--b:var(--feedloop-border,#8c959f);--e:#b42318;--s:#8a5d00';
const DARK = '--a:var(--feedloop-accent,#6cb6ff);--at:var(--feedloop-accent-text,#0d1117);--bg:var(--feedloop-bg,#1c2128);--t:var(--feedloop-text,#e6edf3);--m:#adbac7;--b:var(--feedloop-border,#768390);--e:#ff938a;--s:#e3b341';

/**
 * The widget's only CSS, scoped by the shadow root. `all:initial` stops what the page's CSS would otherwise pass
 * down by inheritance; the `!important` on our own hosts wins over a page's `!important` (inner context wins).
 * The host themes it through the `--feedloop-*` custom properties, which do cross the boundary. Sizes are in `em`,
 * never `rem`: a page's root font size must not resize the widget; `--feedloop-size` does.
 */
export const CSS = `:host(feedloop-rating){display:block!important;visibility:visible!important;opacity:1!important}
:host(feedloop-popover),:host(feedloop-launcher){all:initial!important}
.v{${LIGHT};--r:var(--feedloop-radius,10px);all:initial;display:block;box-sizing:border-box;color:var(--t);font:var(--feedloop-size,15px)/1.45 var(--feedloop-font,system-ui,sans-serif)}
.dark{${DARK}}
@media(prefers-color-scheme:dark){.auto{${DARK}}}
.fl{max-width:30em;padding:1em;border:1px solid var(--b);border-radius:var(--r);background:var(--bg)}
.pop,.lau{position:fixed;z-index:2147483647;margin:1em}
.pop{width:min(30em,calc(100vw - 2em));box-shadow:0 8px 28px #0005}
.bottom{bottom:0}.top{top:0}.right{right:0}.left{left:0}
*{box-sizing:border-box}
p{margin:0}
.q{margin-bottom:.75em;font-weight:600}
.pop .q{padding-inline-end:2em}
.scale{display:flex;flex-wrap:wrap;gap:.375em}
button,textarea{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--b);border-radius:var(--r);cursor:pointer}
.opt{flex:1 1 0;min-width:1.75em;min-height:2.5em;padding:0 .25em}
.opt[aria-checked=true],.chip[aria-pressed=true],.send,.lau{background:var(--a);border-color:var(--a);color:var(--at)}
.stars{gap:0}
.stars .opt{flex:none;border:0;background:none;color:var(--m);font-size:1.75em;line-height:1}
.stars .on{color:var(--s)}
.emoji .opt,.thumbs .opt{font:1.5em 'Apple Color Emoji','Segoe UI Emoji','Noto Color Emoji',sans-serif}
.ends{display:flex;justify-content:space-between;gap:1em;margin-top:.25em;font-size:.8125em;color:var(--m)}
.chips{display:flex;flex-wrap:wrap;gap:.375em;margin-top:.75em}
.chip{min-height:2em;padding:0 .75em;border-radius:1em}
label{display:block;margin:.75em 0 .25em}
label span{color:var(--m)}
textarea{display:block;width:100%;min-height:4.5em;padding:.5em;cursor:text}
.send,.lau{margin-top:.75em;min-height:2.5em;padding:0 1.25em;font-weight:600}
.x{position:absolute;top:.5em;inset-inline-end:.5em;width:2em;height:2em;border:0;font-size:1.25em;line-height:1}
.msg:not(:empty){margin-top:.5em}
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
