// gloss serve: live reload. Injected by `gloss serve` into the pages it serves, never into the
// output of `gloss build`. Listens to the server's events at /__gloss/events:
//   reload [paths]  reload when this page (or a script, image or font) changed, keeping the scroll
//   css [paths]     swap those stylesheets without reloading
//   error [errors]  show the build errors over the page
//   ok              the site builds again: remove the overlay
//   warnings [groups] the last good build's warnings by category: a corner badge that opens them
// EventSource reconnects by itself when the server restarts; if it gives up, we start again.
(() => {
  'use strict';
  if (window.__glossLive) return;
  // The connection state, for anyone debugging (and the end-to-end test) to read.
  const state = window.__glossLive = { connected: false };

  const EVENTS = '/__gloss/events';
  const SCROLL_KEY = 'gloss-serve:scroll';
  const OVERLAY_ID = 'gloss-error-overlay';
  const WARNINGS_ID = 'gloss-warnings';
  const ASSET = /\.(m?js|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf)$/i;
  const script = document.currentScript;
  const servedPage = script ? script.dataset.page : null;
  let retryDelay = 250;

  restoreScroll();
  connect();

  function connect() {
    const source = new EventSource(EVENTS);
    source.addEventListener('open', () => {
      state.connected = true;
      retryDelay = 250;
    });
    source.addEventListener('reload', (event) => {
      if (concernsThisPage(JSON.parse(event.data))) reloadKeepingScroll();
    });
    source.addEventListener('css', (event) => swapStylesheets(JSON.parse(event.data)));
    source.addEventListener('ok', () => hideOverlay());
    source.addEventListener('warnings', (event) => showWarnings(JSON.parse(event.data)));
    // The server's `error` event and EventSource's own connection error share a name; only
    // the server's carries data.
    source.addEventListener('error', (event) => {
      if (typeof event.data === 'string') {
        showOverlay(JSON.parse(event.data));
        return;
      }
      state.connected = false;
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5000);
      }
    });
  }

  function normalise(path) {
    let decoded = path;
    try { decoded = decodeURI(path); } catch (_) { /* keep it as it is */ }
    return decoded.endsWith('/index.html') ? decoded.slice(0, -'index.html'.length) : decoded;
  }

  function concernsThisPage(paths) {
    const here = new Set([normalise(location.pathname)]);
    if (servedPage) here.add(normalise(servedPage));
    return paths.some((path) => here.has(normalise(path)) || ASSET.test(path));
  }

  function reloadKeepingScroll() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname, x: window.scrollX, y: window.scrollY,
      }));
    } catch (_) { /* storage unavailable: reload anyway */ }
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY));
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (_) { return; }
    if (!saved || saved.path !== location.pathname) return;
    const restore = () => window.scrollTo(saved.x, saved.y);
    restore();
    // Images and fonts that load later move the page; put it back once they are in.
    if (document.readyState !== 'complete') window.addEventListener('load', restore, { once: true });
  }

  function swapStylesheets(paths) {
    const changed = new Set(paths.map(normalise));
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.href, location.href);
      if (!changed.has(normalise(url.pathname))) continue;
      url.searchParams.set('gloss-reload', String(Date.now()));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      // Keep the old sheet until the new one is in, so the page never shows unstyled.
      const retire = () => link.remove();
      fresh.addEventListener('load', retire, { once: true });
      fresh.addEventListener('error', retire, { once: true });
      link.after(fresh);
    }
  }

  function showOverlay(errors) {
    hideOverlay();
    const host = document.createElement('div');
    host.id = OVERLAY_ID;
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block;
              background: rgba(20, 20, 24, 0.86); color: #f4f4f5; overflow: auto;
              font: 15px/1.5 system-ui, sans-serif; }
      .box { max-width: 60rem; margin: 3rem auto; padding: 1.5rem 2rem; background: #1f1f23;
             border-left: 6px solid #ef4444; border-radius: 6px; }
      h1 { font-size: 1.2rem; margin: 0 0 0.25rem; color: #fca5a5; }
      p { margin: 0 0 1rem; color: #d4d4d8; }
      .place { font: 600 14px/1.4 ui-monospace, monospace; color: #fde68a; margin-top: 1rem; }
      pre { white-space: pre-wrap; margin: 0.25rem 0 0; font: 14px/1.5 ui-monospace, monospace; }
      button { float: right; background: none; border: 1px solid #71717a; color: inherit;
               border-radius: 4px; padding: 0.2rem 0.6rem; cursor: pointer; }`;
    const box = document.createElement('div');
    box.className = 'box';
    box.setAttribute('role', 'alert');
    const close = document.createElement('button');
    close.textContent = 'Dismiss';
    close.addEventListener('click', hideOverlay);
    const title = document.createElement('h1');
    title.textContent = errors.length === 1 ? 'The site failed to build' : `The site failed to build (${errors.length} errors)`;
    const note = document.createElement('p');
    note.textContent = 'You are seeing the last good version of this page. Fix the error and save: this message goes away by itself.';
    box.append(close, title, note);
    for (const error of errors) {
      const place = document.createElement('div');
      place.className = 'place';
      place.textContent = describePlace(error);
      const message = document.createElement('pre');
      message.textContent = error.message;
      box.append(place, message);
    }
    root.append(style, box);
    (document.body || document.documentElement).appendChild(host);
  }

  function describePlace(error) {
    if (!error.file) return 'error';
    let place = error.file;
    if (error.line > 0) place += `:${error.line}`;
    if (error.line > 0 && error.column > 0) place += `:${error.column}`;
    return place;
  }

  // The warnings never cover the page: a badge in the corner, opened on demand, open again
  // after a reload if it was open.
  function showWarnings(groups) {
    const old = document.getElementById(WARNINGS_ID);
    let wasOpen = false;
    try { wasOpen = old ? old.dataset.open === 'true' : sessionStorage.getItem(WARNINGS_ID) === 'open'; } catch (_) { /* closed */ }
    if (old) old.remove();
    if (!groups.length) return;
    const host = document.createElement('div');
    host.id = WARNINGS_ID;
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483646;
              font: 14px/1.45 system-ui, sans-serif; color: #f4f4f5; }
      button { background: #1f1f23; color: #fde68a; border: 1px solid #a16207; border-radius: 6px;
               padding: 0.3rem 0.7rem; cursor: pointer; font: inherit; float: right; }
      .panel { clear: both; max-width: min(48rem, 90vw); max-height: 60vh; overflow: auto;
               background: #1f1f23; border-left: 6px solid #eab308; border-radius: 6px;
               padding: 0.75rem 1rem; margin-bottom: 0.5rem; }
      h2 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; color: #fde68a; }
      h2:first-child { margin-top: 0; }
      li { margin: 0.2rem 0; }
      .place { font: 600 13px/1.4 ui-monospace, monospace; color: #fcd34d; }
      .more { color: #a1a1aa; }`;
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.setAttribute('role', 'status');
    for (const group of groups) {
      const heading = document.createElement('h2');
      heading.textContent = `${group.category} (${group.count})`;
      const list = document.createElement('ul');
      for (const warning of group.shown) {
        const item = document.createElement('li');
        const place = document.createElement('span');
        place.className = 'place';
        place.textContent = warning.file ? describePlace(warning) + ' ' : '';
        item.append(place, document.createTextNode(warning.message));
        list.append(item);
      }
      if (group.count > group.shown.length) {
        const more = document.createElement('li');
        more.className = 'more';
        more.textContent = `… and ${group.count - group.shown.length} more (the terminal shows all with --verbose)`;
        list.append(more);
      }
      panel.append(heading, list);
    }
    const toggle = document.createElement('button');
    toggle.textContent = `${total} warning${total === 1 ? '' : 's'}`;
    const setOpen = (open) => {
      host.dataset.open = String(open);
      panel.hidden = !open;
      try { sessionStorage.setItem(WARNINGS_ID, open ? 'open' : 'closed'); } catch (_) { /* fine */ }
    };
    toggle.addEventListener('click', () => setOpen(panel.hidden));
    setOpen(wasOpen);
    root.append(style, panel, toggle);
    (document.body || document.documentElement).appendChild(host);
  }

  function hideOverlay() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }
})();
