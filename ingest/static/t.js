/*! leadhub tracker v1 (public contract: GET /t.js). No dependency, ES2017.
 * Snippet (works in GTM, which strips data-* from script tags):
 *   <script>window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)};
 *   lh('init',{key:'lp_…',endpoint:'https://collector',form_url:'https://form/…'});</script>
 *   <script async src="https://collector/t.js"></script>
 * Commands: init {key, endpoint?, form_url? (string|array), variant?, test?, consent?},
 *   track(name, props?), page(props?), step(n, props?), consent(true | false | 'ask').
 * Consent. Default: none (CNIL): no storage, no cookie, no id, no link decoration; events say
 *   consent:false and the collector derives daily-salted ids. consent(true), init {consent:true}
 *   or lh_c=1 in the URL (a consenting page linked here): first-party ids, a persistent queue,
 *   ids carried across domains and into lead forms. consent(false) wipes our storage.
 *   consent('ask') (a banner is shown): events wait for the answer, at most 10 s or until the
 *   page is hidden. lh.consent is true, false, or null while asking; window event 'lh:consent'.
 * Test traffic: init {test:true} or ?lh_test=1 → is_test.
 */
((w, d) => {
  'use strict';
  const old = w.lh;
  if (old && old.lh) return; // already loaded on this page
  const nav = w.navigator;
  const CTX = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
    'gclid', 'fbclid', 'variant'];
  const CARRIED = ['lh_vid', 'lh_sid', 'lh_c', 'lh_test'];
  const SESSION_MS = 18e5; // 30 min of inactivity
  const BUDGET = 48e3; // bytes per flush: every keepalive request of the page shares 64 KB
  const TRIES = 10; // then the event is dropped
  const ORPHAN_MS = 3e5; // another page's queue untouched this long is adopted
  const QK = 'lh_q_'; // localStorage: lh_q_<page id> = {h: heartbeat, q: [{e, n, a}]}
  const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i;
  const script = d.currentScript;
  const started = new WeakSet(); // forms that already sent form_start
  const waiting = []; // commands received before init
  const loc = location;
  let mem = {}; // ids when storage is unavailable (consent only)
  let key = ''; // set by init, with the rest of the configuration
  let endpoint = '';
  let variant = null;
  let testing = false;
  let forms = [];
  let ctx = {}; // attribution of this page: utm_*, gclid, fbclid, variant
  let Q = []; // events to send: {e: event, n: tries, a: not before (ms), f: in flight}
  let timer = 0;
  let due = 0;
  let consent = false;
  let asked = 0; // a banner asks and has no answer yet
  let hold = 0; // events wait for that answer
  let leaving = 0;
  let here = '';
  let ref = d.referrer || null;
  let arrived = {}; // ids this page was linked with (lh_vid, lh_sid), adopted with consent

  // Nothing may escape to the page.
  const safe = (fn) => (...a) => {
    try { return fn(...a); } catch (e) { /* never break the page */ }
  };

  // A random (version 4) UUID; getRandomValues works in insecure contexts too, randomUUID not.
  const uuid = () => '10000000-1000-4000-8000-100000000000'.replace(/[018]/g,
    (c) => (c ^ (w.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  const tab = uuid();

  // Storage: only with consent (reading the consent flag aside); any access may throw.
  const store = () => { try { return w.localStorage; } catch (e) { return null; } };
  const get = (k) => { try { return store().getItem(k) || mem[k] || null; } catch (e) { return mem[k] || null; } };
  const set = (k, v) => {
    if (!consent) return;
    mem[k] = v;
    try { store().setItem(k, v); } catch (e) { /* memory and cookie only */ }
  };
  const del = (k) => { try { store().removeItem(k); } catch (e) { /* nothing stored */ } };
  const keys = () => { try { return Object.keys(store()); } catch (e) { return []; } };

  // visitor_id: first party, in localStorage (no cookie: nothing is sent with requests).
  const visitor = () => {
    let v = get('lh_vid');
    if (!UUID.test(v)) v = uuid();
    set('lh_vid', v);
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

  const params = () => new URL(loc.href).searchParams;

  // A URL carrying campaign parameters replaces the attribution (the session's, with consent).
  const attribution = () => {
    const p = params();
    const fresh = {};
    CTX.forEach((k) => { if (p.get(k)) fresh[k] = p.get(k).slice(0, 500); });
    const has = Object.keys(fresh).length;
    if (!consent) return has ? fresh : ctx;
    const s = session();
    if (has) s.c = fresh;
    else if (!Object.keys(s.c || {}).length) s.c = ctx;
    set('lh_sess', JSON.stringify(s));
    return s.c;
  };

  // A URL without the parameters we carry (ids, consent, test flag).
  const strip = (href) => {
    const u = new URL(href, loc.href);
    const p = u.searchParams;
    if (!CARRIED.some((k) => p.has(k))) return u.href; // deleting would re-encode the query
    CARRIED.forEach((k) => p.delete(k));
    return u.href;
  };

  const withIds = (e) => {
    e.consent = consent;
    if (consent) {
      e.visitor_id = visitor();
      e.session_id = session().id;
    } else {
      delete e.visitor_id;
      delete e.session_id;
    }
    return e;
  };

  const event = (type, props) => {
    const e = {
      event_id: uuid(), type: String(type), key: key, ts: new Date().toISOString(),
      url: loc.href, referrer: ref, props: props && typeof props === 'object' ? props : {},
    };
    CTX.forEach((k) => { if (ctx[k]) e[k] = ctx[k]; });
    if (variant) e.variant = variant;
    if (testing) e.is_test = true;
    return withIds(e);
  };

  // The queue outlives the page only with consent: one key per page, adopted by a later page
  // of this origin once released (pagehide) or silent for ORPHAN_MS.
  const save = () => {
    if (!consent) return;
    if (Q.length) set(QK + tab, JSON.stringify({ h: leaving ? 0 : Date.now(), q: Q }));
    else del(QK + tab);
  };

  const adopt = () => {
    if (!consent) return;
    const now = Date.now();
    keys().forEach((k) => {
      if (!k.startsWith(QK) || k === QK + tab) return;
      let o = null;
      try { o = JSON.parse(get(k)); } catch (e) { /* unreadable: dropped */ }
      if (o && now - o.h < ORPHAN_MS) return;
      del(k);
      ((o && o.q) || []).forEach((i) => {
        if (i.e && !Q.some((x) => x.e.event_id === i.e.event_id)) Q.push({ e: i.e, n: i.n || 0, a: 0 });
      });
    });
  };

  const done = (batch) => {
    Q = Q.filter((i) => !batch.includes(i));
    save();
  };

  // Exponential backoff with jitter, up to 5 min; dropped after TRIES.
  const retry = (i) => {
    i.f = 0;
    if (++i.n >= TRIES) return done([i]);
    i.a = Date.now() + Math.min(3e5, 1e3 * 2 ** i.n) * (0.5 + Math.random() / 2);
    save();
    schedule();
  };

  const pixel = (i) => {
    const q = new URLSearchParams();
    for (const k in i.e) {
      const v = i.e[k];
      if (v != null) q.set(k, typeof v === 'object' ? JSON.stringify(v) : v);
    }
    const img = new Image();
    img.onload = () => done([i]);
    img.onerror = () => retry(i);
    img.src = `${endpoint}/v1/p.gif?${q}`;
  };

  // sendBeacon (text/plain: no CORS preflight), else keepalive fetch, else one pixel per event.
  // sent_at (this device's clock, now) with ts (its clock when the event happened) lets the
  // warehouse correct the device's skew: event time = received - (sent_at - ts).
  const send = (batch) => {
    const sentAt = new Date().toISOString();
    batch.forEach((i) => { i.f = 1; i.e.sent_at = sentAt; });
    const events = batch.map((i) => i.e);
    const body = JSON.stringify(events.length === 1 ? events[0] : { events });
    const url = `${endpoint}/v1/events`;
    const type = 'text/plain;charset=UTF-8';
    try {
      if (nav.sendBeacon && nav.sendBeacon(url, new Blob([body], { type }))) return done(batch);
    } catch (e) { /* fall through to fetch */ }
    const fallback = () => batch.forEach(safe(pixel));
    try {
      w.fetch(url, {
        method: 'POST', body, keepalive: true, credentials: 'include', headers: { 'Content-Type': type },
      }).then((r) => (r.status < 500 && r.status !== 429 ? done(batch) : fallback()), fallback);
    } catch (e) {
      fallback();
    }
  };

  // Next flush: in `ms`, else when the first retry is due; a minute at most (heartbeat).
  const schedule = (ms) => {
    if (!Q.length) return;
    const now = Date.now();
    let at = now + (ms == null ? 6e4 : ms);
    if (ms == null) Q.forEach((i) => { if (!i.f && i.a < at) at = i.a; });
    if (timer && due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(flush, Math.max(0, at - now));
  };

  // Send what is due, within the keepalive budget; offline, wait for the `online` event.
  const flush = safe((release) => {
    clearTimeout(timer);
    timer = 0;
    if (release === true) hold = 0;
    if (!key || hold) return;
    adopt();
    const now = Date.now();
    const online = nav.onLine !== false;
    const batch = [];
    let size = 0;
    let more = 0;
    if (online) {
      Q.forEach((i) => {
        if (i.f || i.a > now || more) return;
        const n = new Blob([JSON.stringify(i.e)]).size + 1;
        if (batch.length && size + n > BUDGET) more = 1;
        else { batch.push(i); size += n; }
      });
    }
    if (batch.length) send(batch);
    save();
    schedule(!online ? 6e4 : more ? 1e3 : null);
  });

  const track = (type, props, now) => {
    Q.push({ e: event(type, props), n: 0, a: 0 });
    save();
    if (now) flush();
    else schedule(1e3);
  };

  const isRedirect = (href) => href.startsWith(`${endpoint}/r/`);

  // With consent, links carry the ids, consent and attribution to the next origin. Without,
  // nothing is added, except lh_c=0 on redirect links (so the collector makes no id either).
  const decorate = (a) => {
    const u = new URL(a.href, loc.href);
    if (!/^https?:$/.test(u.protocol)) return;
    const p = u.searchParams;
    const c = {};
    if (consent) {
      CTX.forEach((k) => { if (ctx[k]) c[k] = ctx[k]; });
      if (variant) c.variant = variant;
      Object.assign(c, { lh_vid: visitor(), lh_sid: session().id, lh_c: 1 });
    } else if (isRedirect(u.href)) c.lh_c = 0;
    if (testing && (consent || c.lh_c === 0)) c.lh_test = 1;
    for (const k in c) if (k.startsWith('lh_') || !p.get(k)) p.set(k, c[k]);
    if (u.href !== a.href) a.href = u.href;
  };

  const isCta = (el) => {
    const href = el.href;
    return el.hasAttribute('data-lh-cta') || (typeof href === 'string' && !!href &&
      (isRedirect(href) || forms.some((f) => href.startsWith(f))));
  };

  const closest = (ev, sel) => {
    let el = ev.target;
    if (el && el.nodeType !== 1) el = el.parentElement;
    return el && el.closest ? el.closest(sel) : null;
  };

  const ctaOf = (ev) => {
    const el = closest(ev, 'a[href],[data-lh-cta]');
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
    /\/v1\/leads\b/.test(f.getAttribute('action') || '');

  // Hidden inputs so that a plain HTML POST of the lead carries attribution (ids with consent).
  const fill = (f) => {
    if (!isLeadForm(f)) return;
    const v = { visitor_id: '', session_id: '', page_url: loc.href };
    if (consent) Object.assign(v, { visitor_id: visitor(), session_id: session().id });
    CTX.forEach((k) => { v[k] = ctx[k] || ''; });
    if (variant) v.variant = variant;
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

  const formOf = (ev) => ev.target.form || closest(ev, 'form');

  const formProps = (f) => ({
    form: f.id || f.getAttribute('name') || f.getAttribute('action') || null,
  });

  const onFormActivity = (ev) => {
    const f = formOf(ev);
    if (!f || started.has(f)) return;
    started.add(f);
    fill(f);
    track('form_start', formProps(f));
  };

  const onSubmit = (ev) => {
    const f = formOf(ev);
    if (!f) return;
    fill(f);
    track('form_submit', formProps(f), true);
  };

  const fillAll = safe(() => Array.from(d.forms).forEach(safe(fill)));

  // Single-page apps: a history change to another path or query is a page view.
  const route = safe(() => {
    const now = loc.href.split('#')[0];
    if (now === here) return;
    ref = here;
    here = now;
    ctx = attribution();
    track('page_view', {});
  });

  const state = () => consent || (asked ? null : false);
  const announce = safe(() => w.dispatchEvent(new CustomEvent('lh:consent', { detail: state() })));

  const wipe = () => {
    keys().forEach((k) => { if (k.startsWith('lh_')) del(k); });
    mem = {};
    d.querySelectorAll('a[href*="lh_vid="]').forEach((a) => { a.href = strip(a.href); });
  };

  const setConsent = (a) => {
    if (a === 'ask') {
      if (consent) return;
      asked = hold = 1;
      setTimeout(() => flush(true), 1e4);
    } else {
      asked = hold = 0;
      consent = !!a;
      if (consent) {
        set('lh_consent', '1');
        if (UUID.test(arrived.v)) set('lh_vid', arrived.v);
        if (UUID.test(arrived.s)) session(arrived.s);
        arrived = {};
        ctx = attribution();
      } else wipe();
      Q.forEach((i) => { if (!i.f) withIds(i.e); }); // events not sent yet follow the answer
      fillAll();
      save();
      flush();
    }
    announce();
  };

  const listen = () => {
    const on = (t, fn, o) => (o || d).addEventListener(t, safe(fn), { capture: true, passive: true });
    on('mousedown', onPress);
    on('touchstart', onPress);
    on('click', onClick);
    on('focusin', onFormActivity);
    on('input', onFormActivity);
    on('submit', onSubmit);
    on('visibilitychange', () => { if (d.visibilityState === 'hidden') flush(true); });
    on('pagehide', () => { flush(true); leaving = 1; save(); }, w);
    on('pageshow', (e) => { if (e.persisted) { leaving = 0; save(); } }, w);
    on('online', () => flush(), w);
    on('popstate', route, w);
    ['pushState', 'replaceState'].forEach((m) => {
      const orig = history[m];
      history[m] = function (...a) {
        const r = orig.apply(this, a);
        route();
        return r;
      };
    });
  };

  const init = (o) => {
    if (key || !o || !o.key) return;
    const src = (script && script.src) || '';
    const p = params();
    key = String(o.key);
    endpoint = String(o.endpoint || src.replace(/\/t(\.min)?\.js.*$/, '')).replace(/\/+$/, '');
    variant = o.variant ? String(o.variant) : null;
    testing = !!o.test || p.get('lh_test') === '1';
    forms = [].concat(o.form_url || []).filter(Boolean)
      .map((f) => new URL(f, loc.href).href); // CTA links start with one of these
    arrived = { v: p.get('lh_vid'), s: p.get('lh_sid') };
    const clean = strip(loc.href);
    if (clean !== loc.href) safe(() => history.replaceState(history.state, '', clean))();
    here = loc.href.split('#')[0];
    listen();
    if (o.consent !== false && (o.consent === true || p.get('lh_c') === '1' || get('lh_consent') === '1')) {
      setConsent(true);
    } else {
      if (o.consent === false) wipe();
      ctx = attribution();
      announce();
    }
    track('page_view', {});
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', fillAll);
    else fillAll();
    waiting.splice(0).forEach(run);
  };

  const run = safe((args) => {
    const [cmd, a, b] = args;
    if (cmd === 'init') init(a);
    else if (!key) waiting.push(args);
    else if (cmd === 'track' && a) track(a, b);
    else if (cmd === 'page') track('page_view', a);
    else if (cmd === 'step') track('form_step', Object.assign({ step: a }, b));
    else if (cmd === 'consent') setConsent(a);
  });

  const lh = (...args) => { run(args); };
  lh.lh = 1;
  lh.q = [];
  Object.defineProperty(lh, 'consent', { get: state });
  const calls = Array.from((old && old.q) || [], (a) => Array.from(a));
  w.lh = lh;
  // Replay the calls queued by the stub: init first, wherever it was queued.
  calls.filter((a) => a[0] === 'init').forEach(run);
  calls.filter((a) => a[0] !== 'init').forEach(run);
})(window, document);
