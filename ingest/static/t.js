/*! leadhub tracker v1 (public contract: GET /t.js). No dependency, ES2017.
 * Snippet (works in GTM, which strips data-* from script tags):
 *   <script>window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)};
 *   lh('init',{key:'lp_…',endpoint:'https://collector',form_url:'https://form/…'});</script>
 *   <script async src="https://collector/t.js"></script>
 * Commands: init {key, endpoint?, form_url? (string|array), variant?, test?},
 *   track(name, props?), page(props?), consent(bool).
 */
((w, d) => {
  'use strict';
  const old = w.lh;
  if (old && old.lh) return; // already loaded on this page
  const CTX = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
    'gclid', 'fbclid', 'variant'];
  const SESSION_MS = 30 * 60 * 1000;
  const MAX_BODY = 48000; // bytes per request: stay under the 64 KB keepalive budget
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const script = d.currentScript;
  const started = new WeakSet(); // forms that already sent form_start
  const mem = {}; // storage fallback: ids stay stable for this page even without storage
  const waiting = []; // commands received before init
  let cfg = null; // set by init
  let ctx = {}; // attribution of this page: utm_*, gclid, fbclid, variant
  let queue = [];
  let timer = 0;

  // Nothing may escape to the page.
  const safe = (fn) => (...a) => {
    try { return fn(...a); } catch (e) { /* never break the page */ }
  };

  const uuid = () => {
    const c = w.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    const b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else b.forEach((_, i) => { b[i] = Math.random() * 256; });
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  // Storage: every access may throw (privacy modes, sandboxed frames).
  const get = (k) => {
    try { return w.localStorage.getItem(k) || mem[k] || null; } catch (e) { return mem[k] || null; }
  };
  const set = (k, v) => {
    mem[k] = v;
    try { w.localStorage.setItem(k, v); } catch (e) { /* memory and cookie only */ }
  };
  const cookie = safe((k, v) => {
    if (v) d.cookie = `${k}=${v}; max-age=34128000; path=/; SameSite=Lax` +
      (location.protocol === 'https:' ? '; Secure' : '');
    const m = d.cookie.match(new RegExp(`(?:^|; )${k}=([^;]*)`));
    return m ? decodeURIComponent(m[1]) : null;
  });

  // visitor_id: localStorage, with a 13-month first-party cookie as fallback.
  const visitor = (adopt) => {
    let v = adopt || get('lh_vid') || cookie('lh_vid');
    if (!v || !UUID.test(v)) v = uuid();
    set('lh_vid', v);
    cookie('lh_vid', v); // 13 months, first party
    return v;
  };

  // session: 30 min after its last event; keeps the attribution (c) it started with.
  const session = (adopt) => {
    const now = Date.now();
    let s = null;
    try { s = JSON.parse(get('lh_sess')); } catch (e) { /* new session */ }
    if (adopt) s = { id: adopt, c: s && s.id === adopt ? s.c : {} };
    else if (!s || !UUID.test(s.id) || now - s.t > SESSION_MS) s = { id: uuid(), c: {} };
    s.t = now;
    set('lh_sess', JSON.stringify(s));
    return s;
  };

  const params = () => new URL(location.href).searchParams;

  // A URL carrying campaign parameters replaces the session's attribution.
  const attribution = (s) => {
    const p = params();
    const fresh = {};
    CTX.forEach((k) => { if (p.get(k)) fresh[k] = p.get(k).slice(0, 500); });
    if (Object.keys(fresh).length) s.c = fresh;
    set('lh_sess', JSON.stringify(s));
    return s.c || {};
  };

  // A URL without the carried ids (lh_vid, lh_sid).
  const strip = (href) => {
    const u = new URL(href, location.href);
    const p = u.searchParams;
    if (!p.has('lh_vid') && !p.has('lh_sid')) return u.href; // deleting would re-encode the query
    p.delete('lh_vid');
    p.delete('lh_sid');
    return u.href;
  };

  const cleanAddressBar = () => {
    const clean = strip(location.href);
    if (clean !== location.href) history.replaceState(history.state, '', clean);
  };

  const event = (type, props) => {
    const e = {
      event_id: uuid(), type: String(type), key: cfg.key,
      visitor_id: visitor(), session_id: session().id, ts: new Date().toISOString(),
      url: location.href, referrer: d.referrer || null,
      props: props && typeof props === 'object' ? props : {},
    };
    CTX.forEach((k) => { e[k] = ctx[k] || null; });
    if (cfg.variant) e.variant = cfg.variant;
    if (cfg.test) e.is_test = true;
    return e;
  };

  const pixel = (e) => {
    const q = new URLSearchParams();
    for (const k in e) {
      if (e[k] != null) q.set(k, typeof e[k] === 'object' ? JSON.stringify(e[k]) : e[k]);
    }
    new Image().src = `${cfg.endpoint}/v1/p.gif?${q}`;
  };

  // sendBeacon (text/plain: no CORS preflight), else keepalive fetch, else one pixel per event.
  const post = (events) => {
    const body = JSON.stringify(events.length === 1 ? events[0] : { events });
    const url = `${cfg.endpoint}/v1/events`;
    const n = w.navigator;
    try {
      if (n.sendBeacon && n.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) {
        return;
      }
    } catch (e) { /* fall through to fetch */ }
    const fallback = safe(() => events.forEach(pixel));
    try {
      w.fetch(url, {
        method: 'POST', body, keepalive: true, credentials: 'include',
        headers: { 'Content-Type': 'text/plain' },
      }).then((r) => { if (r.status >= 500) fallback(); }, fallback);
    } catch (e) {
      fallback();
    }
  };

  // Send everything queued, in requests small enough for the keepalive budget.
  const flush = safe(() => {
    clearTimeout(timer);
    timer = 0;
    let batch = [];
    let size = 0;
    queue.splice(0).forEach((e) => {
      const n = JSON.stringify(e).length * 3 + 1; // worst case UTF-8 bytes
      if (batch.length && size + n > MAX_BODY) { post(batch); batch = []; size = 0; }
      batch.push(e);
      size += n;
    });
    if (batch.length) post(batch);
  });

  const track = (type, props, now) => {
    queue.push(event(type, props));
    if (now) flush();
    else if (!timer) timer = setTimeout(flush, 1000);
  };

  // The ids and attribution to carry to the next origin.
  const carry = () => {
    const c = { lh_vid: visitor(), lh_sid: session().id };
    CTX.forEach((k) => { if (ctx[k]) c[k] = ctx[k]; });
    if (cfg.variant) c.variant = cfg.variant;
    return c;
  };

  const decorate = (a) => {
    const u = new URL(a.href, location.href);
    if (!/^https?:$/.test(u.protocol)) return;
    const c = carry();
    for (const k in c) {
      if (k.startsWith('lh_') || !u.searchParams.get(k)) u.searchParams.set(k, c[k]);
    }
    if (u.href !== a.href) a.href = u.href;
  };

  const isRedirect = (href) => href.startsWith(`${cfg.endpoint}/r/`);

  const isCta = (el) => {
    const href = el.href;
    return el.hasAttribute('data-lh-cta') || (typeof href === 'string' && !!href &&
      (isRedirect(href) || cfg.form_url.some((f) => href.startsWith(f))));
  };

  const ctaOf = (ev) => {
    let el = ev.target;
    if (el && el.nodeType !== 1) el = el.parentElement;
    el = el && el.closest && el.closest('a[href],[data-lh-cta]');
    return el && isCta(el) ? el : null;
  };

  const onPress = (ev) => {
    const el = ctaOf(ev);
    if (el && el.tagName === 'A') decorate(el);
  };

  const onClick = (ev) => {
    const el = ctaOf(ev);
    if (!el) return;
    if (el.tagName === 'A') {
      decorate(el);
      if (isRedirect(el.href)) return; // the redirect endpoint records this click itself
    }
    track('cta_click', {
      href: el.href ? strip(el.href) : null,
      text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 100),
      id: el.id || null, cta: el.getAttribute('data-lh-cta'),
    }, true);
  };

  const isLeadForm = (f) => f.hasAttribute('data-lh-lead') ||
    /\/v1\/leads\/?([?#].*)?$/.test(f.getAttribute('action') || '');

  // Hidden inputs so that a plain HTML POST of the lead carries ids and attribution.
  const fillLeadForm = (f) => {
    if (!isLeadForm(f)) return;
    const v = { visitor_id: visitor(), session_id: session().id, page_url: location.href };
    CTX.forEach((k) => { v[k] = ctx[k] || ''; });
    if (cfg.variant) v.variant = cfg.variant;
    for (const name in v) {
      let input = f.querySelector(`input[name="${name}"]`);
      if (!input) {
        input = d.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.setAttribute('data-lh', '');
        f.appendChild(input);
      }
      if (input.hasAttribute('data-lh') || (input.type === 'hidden' && !input.value)) {
        input.value = v[name];
        input.setAttribute('data-lh', '');
      }
    }
  };

  const formOf = (ev) => {
    const el = ev.target;
    return el && (el.tagName === 'FORM' ? el : el.form || (el.closest && el.closest('form')));
  };

  const formProps = (f) => ({
    form: f.id || f.getAttribute('name') || f.getAttribute('action') || null,
  });

  const onFormActivity = (ev) => {
    const f = formOf(ev);
    if (!f || started.has(f)) return;
    started.add(f);
    fillLeadForm(f);
    track('form_start', formProps(f));
  };

  const onSubmit = (ev) => {
    const f = formOf(ev);
    if (!f) return;
    fillLeadForm(f);
    track('form_submit', formProps(f), true);
  };

  const fillAll = safe(() => Array.from(d.forms).forEach(safe(fillLeadForm)));

  const listen = () => {
    const on = (t, fn) => d.addEventListener(t, safe(fn), { capture: true, passive: true });
    on('mousedown', onPress);
    on('touchstart', onPress);
    on('click', onClick);
    on('focusin', onFormActivity);
    on('input', onFormActivity);
    on('submit', onSubmit);
    on('visibilitychange', () => { if (d.visibilityState === 'hidden') flush(); });
    w.addEventListener('pagehide', flush);
  };

  const init = (o) => {
    if (cfg || !o || !o.key) return;
    const src = (script && script.src) || '';
    cfg = {
      key: String(o.key),
      endpoint: String(o.endpoint || src.replace(/\/t(\.min)?\.js.*$/, '')).replace(/\/+$/, ''),
      variant: o.variant ? String(o.variant) : null,
      test: !!o.test,
      form_url: [].concat(o.form_url || []).filter(Boolean)
        .map((f) => new URL(f, location.href).href), // CTA links start with one of these
    };
    const p = params();
    const vid = p.get('lh_vid');
    const sid = p.get('lh_sid');
    visitor(UUID.test(vid) ? vid : null);
    ctx = attribution(session(UUID.test(sid) ? sid : null));
    safe(cleanAddressBar)();
    listen();
    track('page_view', {});
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', fillAll);
    else fillAll();
    waiting.splice(0).forEach(run);
  };

  const run = safe((args) => {
    const [cmd, a, b] = args;
    if (cmd === 'init') init(a);
    else if (!cfg) waiting.push(args);
    else if (cmd === 'track' && a) track(a, b);
    else if (cmd === 'page') track('page_view', a);
    else if (cmd === 'consent') set('lh_consent', a ? '1' : '0');
  });

  const lh = (...args) => { run(args); };
  lh.lh = 1;
  lh.q = [];
  const calls = Array.from((old && old.q) || [], (a) => Array.from(a));
  w.lh = lh;
  // Replay the calls queued by the stub: init first, wherever it was queued.
  calls.filter((a) => a[0] === 'init').forEach(run);
  calls.filter((a) => a[0] !== 'init').forEach(run);
})(window, document);
