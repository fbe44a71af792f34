/** The request header the live script's fetches carry, asking for the parts only (no head, style, script). */
export const PARTIAL_HEADER = 'x-dashboard-partial';

/**
 * The dashboard's one script (inline, allowed by the page's CSP nonce; no framework). It listens to
 * /dashboard/events and, on a deployment's change (and every `refreshS` seconds, for locks and
 * freezes, which the bot changes), fetches the same page again and swaps in each `[data-live]`
 * element by its id. Without JavaScript the page is the same, refreshed by its <noscript> meta tag.
 */
export function liveScript(refreshS: number): string {
  return `(() => {
  const root = document.documentElement;
  let timer = 0;
  const swap = async () => {
    const headers = { accept: 'text/html', '${PARTIAL_HEADER}': '1' };
    const res = await fetch(location.href, { headers, cache: 'no-store' });
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), 'text/html');
    const ids = (doc) => [...doc.querySelectorAll('[data-live]')].map((el) => el.id).join(' ');
    const main = document.querySelector('main');
    const fresh = next.querySelector('main');
    // A new environment (or one gone): the whole main part; else only the parts that changed.
    if (main && fresh && ids(document) !== ids(next)) main.replaceWith(document.importNode(fresh, true));
    for (const el of document.querySelectorAll('[data-live]')) {
      const part = next.getElementById(el.id);
      if (part && part.innerHTML !== el.innerHTML) el.replaceWith(document.importNode(part, true));
    }
    root.dataset.swaps = String(Number(root.dataset.swaps || 0) + 1);
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => swap().catch(() => undefined), 200);
  };
  if ('EventSource' in window) {
    const events = new EventSource('/dashboard/events');
    events.addEventListener('open', () => {
      // After a reconnect (heaven restarted, the network dropped) events may have been missed.
      if (root.dataset.live) soon();
      root.dataset.live = 'open';
    });
    events.addEventListener('error', () => { root.dataset.live = 'reconnecting'; });
    events.addEventListener('deployment', soon);
  }
  setInterval(soon, ${Math.max(1, Math.floor(refreshS))} * 1000);
})();`;
}
