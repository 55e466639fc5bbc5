/**
 * The inbox page: lists forwarded records live over Server-Sent Events. Values are written with
 * textContent only, so a comment holding markup is shown as text.
 */
export const INBOX_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Feedloop inbox</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
header{background:#0a58ca;color:#fff;padding:1rem 1.5rem}h1{margin:0;font-size:1.25rem}
header p{margin:.25rem 0 0;opacity:.9}main{padding:1rem 1.5rem;max-width:60rem}
.empty{color:#57606a}article{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;margin:0 0 .75rem}
.top{display:flex;gap:.75rem;align-items:baseline;flex-wrap:wrap}.value{font-size:1.5rem;font-weight:700}
.pill{border-radius:99px;padding:0 .5rem;background:#eaeef2;font-size:.85rem}
.satisfied,.promoter,.easy,.positive,.resolved{background:#dafbe1}.dissatisfied,.detractor,.hard,.negative,.unresolved{background:#ffebe9}
blockquote{margin:.5rem 0 0;padding-left:.75rem;border-left:3px solid #d0d7de}details{margin-top:.5rem}pre{overflow:auto;font-size:.8rem}
</style></head>
<body><header><h1>Feedloop inbox</h1><p>Every record the worker forwarded to this webhook, signature verified, newest first.</p></header>
<main><p class="empty" id="empty">Nothing yet: rate something on the demo page.</p><div id="list" aria-live="polite"></div></main>
<script src="inbox.js"></script></body></html>`;

export const INBOX_SCRIPT = `(() => {
  const list = document.getElementById('list');
  const empty = document.getElementById('empty');
  const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined) n.textContent = String(text); return n; };
  const cards = new Map();
  function show(entry) {
    const r = entry.record;
    empty.hidden = true;
    const card = el('article');
    card.dataset.id = r.id;
    const top = el('div', 'top');
    top.append(el('span', 'value', r.value), el('span', 'pill', r.metric), el('span', 'pill ' + r.bucket, r.bucket),
      el('span', 'pill', 'score ' + r.score.toFixed(2)), el('strong', '', r.touchpoint), el('span', 'pill', new Date(r.timestamp).toLocaleTimeString()));
    if (entry.deliveries > 1) top.append(el('span', 'pill', entry.deliveries + ' deliveries'));
    card.append(top);
    if (r.comment) card.append(el('blockquote', '', r.comment));
    const details = el('details'); details.append(el('summary', '', 'record'), el('pre', '', JSON.stringify(r, null, 2)));
    card.append(details);
    const old = cards.get(r.id);
    if (old) old.replaceWith(card); else list.prepend(card);
    cards.set(r.id, card);
  }
  fetch('records.json').then((res) => res.json()).then((entries) => entries.slice().reverse().forEach(show));
  new EventSource('events').addEventListener('record', (e) => show(JSON.parse(e.data)));
})();`;
