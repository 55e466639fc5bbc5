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
.empty{color:#57606a}article.alert{border-color:#cf222e;border-left-width:4px}article{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;margin:0 0 .75rem}
.top{display:flex;gap:.75rem;align-items:baseline;flex-wrap:wrap}.value{font-size:1.5rem;font-weight:700}
.pill{border-radius:99px;padding:0 .5rem;background:#eaeef2;font-size:.85rem}
.satisfied,.promoter,.easy,.positive,.resolved{background:#dafbe1}.dissatisfied,.detractor,.hard,.negative,.unresolved{background:#ffebe9}
blockquote{margin:.5rem 0 0;padding-left:.75rem;border-left:3px solid #d0d7de}details{margin-top:.5rem}pre{overflow:auto;font-size:.8rem}
</style></head>
<body><header><h1>Feedloop inbox</h1><p>Every rating and alert the worker forwarded to this webhook, signature verified, newest first.</p></header>
<main><p class="empty" id="empty">Nothing yet: rate something on the demo page.</p><div id="list" aria-live="polite"></div></main>
<script src="inbox.js"></script></body></html>`;

export const INBOX_SCRIPT = `(() => {
  const list = document.getElementById('list');
  const empty = document.getElementById('empty');
  const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined) n.textContent = String(text); return n; };
  const cards = new Map();
  const LABEL = { csat: 'CSAT', nps: 'NPS', ces: 'CES', thumbs: 'Thumbs', emoji: 'Emoji', fcr: 'FCR' };
  function alertCard(a) {
    const card = el('article', 'alert');
    const top = el('div', 'top');
    if (a.type === 'alert.target_missed') {
      top.append(el('strong', '', LABEL[a.target.metric] + ' target missed'), el('span', 'pill detractor', a.window.headline.toFixed(1) + ' < ' + a.target.min),
        el('span', 'pill', 'n = ' + a.window.count), el('span', 'pill', a.target.touchpoint === '*' ? 'all touchpoints' : a.target.touchpoint),
        el('span', 'pill', a.window.from + ' – ' + a.window.to));
    } else {
      top.append(el('strong', '', 'Follow up'), el('span', 'pill ' + a.rating.bucket, LABEL[a.rating.metric] + ' ' + a.rating.value), el('strong', '', a.rating.touchpoint));
    }
    card.append(top);
    if (a.type === 'alert.detractor') card.append(el('blockquote', '', a.rating.comment));
    return card;
  }
  function ratingCard(entry) {
    const r = entry.record;
    const card = el('article');
    const top = el('div', 'top');
    top.append(el('span', 'value', r.value), el('span', 'pill', r.metric), el('span', 'pill ' + r.bucket, r.bucket),
      el('span', 'pill', 'score ' + r.score.toFixed(2)), el('strong', '', r.touchpoint), el('span', 'pill', new Date(r.timestamp).toLocaleTimeString()));
    if (entry.deliveries > 1) top.append(el('span', 'pill', entry.deliveries + ' deliveries'));
    card.append(top);
    if (r.comment) card.append(el('blockquote', '', r.comment));
    return card;
  }
  function show(entry) {
    const item = entry.record || entry.alert;
    empty.hidden = true;
    const card = entry.record ? ratingCard(entry) : alertCard(entry.alert);
    card.dataset.id = entry.webhookId;
    const details = el('details'); details.append(el('summary', '', entry.record ? 'record' : entry.alert.type), el('pre', '', JSON.stringify(item, null, 2)));
    card.append(details);
    const old = cards.get(entry.webhookId);
    if (old) old.replaceWith(card); else list.prepend(card);
    cards.set(entry.webhookId, card);
  }
  fetch('records.json').then((res) => res.json()).then((entries) => entries.slice().reverse().forEach(show));
  new EventSource('events').addEventListener('record', (e) => show(JSON.parse(e.data)));
})();`;
