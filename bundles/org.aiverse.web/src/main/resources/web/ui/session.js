// The session page: live state and intents over the session WebSocket, the emergency STOP (seed 7.3), and the
// recording: playback (seed 5.5) configured by the playback UI manifest (seed 3.5: captions, highlight filters,
// speed, time range, policy blocks, media), the highlights, the policy decisions with their checks, and the chain
// verification badge. Every button calls the real API and shows the API's errors.
import { api, creds, credentialsForm, el, readFragment, showError, time } from './app.js';
import { SessionStream } from './stream.js';

readFragment();
const $ = (id) => document.getElementById(id);
const sessionId = new URLSearchParams(location.search).get('id') || '';
$('session-id').textContent = sessionId;
const error = (e) => showError($('error'), e);

// Labels of the highlight extraction rules (seed 3.5).
const LABELS = ['greeting', 'dialogue', 'policy_block', 'requires_user_approval', 'goal_progress', 'user_action', 'memory_link'];
const MANIFEST_KEY = 'aiverse.playback.manifest';

function setState(state, reason) {
  const b = $('state');
  b.textContent = state + (reason ? ' (' + reason + ')' : '');
  b.className = 'badge state-' + state;
  b.dataset.state = state;
}

// ---------------------------------------------------------------- live

let stream;
function connect() {
  if (!sessionId || !creds.token) return;
  if (stream) stream.close();
  $('live-status').textContent = 'connecting';
  stream = new SessionStream(sessionId, creds.token, 'observer', {
    onState: (p) => {
      if (p.state) setState(p.state, p.reason);
      if (p.session_id) $('live-status').textContent = 'connected as ' + p.participant;
    },
    onIntent: (p) => addLive(p),
    onError: (p) => error(typeof p === 'string' ? p : `${p.code}: ${p.message}`),
    onClose: (code, reason) => { $('live-status').textContent = `closed (${code}${reason ? ' ' + reason : ''})`; },
  });
}

function describe(intent) {
  const params = intent.params || {};
  return intent.type + (intent.target ? ' → ' + intent.target : '') + (params.text ? ': “' + params.text + '”' : '');
}

function addLive(intent) {
  $('live-intents').prepend(el('li', { 'data-testid': 'live-intent', 'data-type': intent.type },
    el('strong', {}, intent.type), ' ', describe(intent).slice(intent.type.length),
    el('span', { class: 'muted' }, ' ' + (intent.intent_id || ''))));
}

async function pollState() {
  if (!sessionId || !creds.token) return;
  try {
    const s = await api('/api/v1/sessions/' + encodeURIComponent(sessionId) + '/state');
    setState(s.state, s.reason);
  } catch (e) {
    if (e.status === 404) $('state').title = 'not live on this node: ' + e.message;
    else error(e);
  }
}

$('stop').addEventListener('click', async () => {
  $('stop').disabled = true;
  try {
    const s = await api('/api/v1/sessions/' + encodeURIComponent(sessionId) + '/stop', { method: 'POST', body: {} });
    setState(s.state, s.reason || 'emergency_stop');
    error(null);
  } catch (e) {
    error(e);
  } finally {
    $('stop').disabled = false;
  }
});

// ---------------------------------------------------------------- playback UI manifest (seed 3.5)

for (const label of LABELS) {
  $('highlight-filters').append(el('label', {}, el('input', { type: 'checkbox', value: label, checked: true, 'data-label': label }), ' ' + label));
}

function toLocal(ts) {
  if (!ts) return '';
  const d = new Date(ts * 1000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}
function fromLocal(v) { return v ? Math.floor(new Date(v).getTime() / 1000) : null; }

function manifest() {
  const from = fromLocal($('from').value), to = fromLocal($('to').value);
  return {
    captions_on: $('captions-on').checked,
    highlight_filters: [...document.querySelectorAll('#highlight-filters input:checked')].map((i) => i.value),
    speed: Number($('speed').value),
    show_policy_blocks: $('show-policy-blocks').checked,
    time_range: from || to ? { from, to } : null,
    include_media: $('include-media').checked,
  };
}

function applyManifest(m) {
  if (!m) return;
  $('captions-on').checked = m.captions_on !== false;
  $('show-policy-blocks').checked = m.show_policy_blocks !== false;
  $('include-media').checked = !!m.include_media;
  if (m.speed) $('speed').value = String(m.speed);
  if (Array.isArray(m.highlight_filters)) {
    document.querySelectorAll('#highlight-filters input').forEach((i) => { i.checked = m.highlight_filters.includes(i.value); });
  }
  if (m.time_range) { $('from').value = toLocal(m.time_range.from); $('to').value = toLocal(m.time_range.to); }
}
try { applyManifest(JSON.parse(localStorage.getItem(MANIFEST_KEY))); } catch (ignored) { /* none saved */ }
$('manifest').addEventListener('change', () => { localStorage.setItem(MANIFEST_KEY, JSON.stringify(manifest())); render(); });

// ---------------------------------------------------------------- recording

let recording = { events: [], highlights: [], media: [] };

async function load() {
  error(null);
  const m = manifest();
  const all = { events: [], highlights: [], media: [] };
  let cursor = null;
  try {
    do {
      const page = await api('/api/v1/sessions/' + encodeURIComponent(sessionId) + '/playback', {
        method: 'POST',
        body: { session_id: sessionId, range: { from_seq: 1 }, include_media: m.include_media, page: { size: 1000, cursor } },
      });
      all.events.push(...page.events);
      all.highlights.push(...(page.highlights || []));
      all.media.push(...(page.media || []));
      cursor = page.page && page.page.next_cursor;
    } while (cursor);
    recording = all;
    $('play').disabled = false;
    render();
    document.body.dataset.loads = String((Number(document.body.dataset.loads) || 0) + 1);
  } catch (e) {
    error(e);
  }
}

/** The policy checks an event carries (allowed intents and policy blocks record the gate's decision). */
function checksOf(value, depth = 0) {
  if (!value || typeof value !== 'object' || depth > 4) return null;
  if (Array.isArray(value.checks)) return value;
  for (const v of Object.values(value)) {
    const found = checksOf(v, depth + 1);
    if (found) return found;
  }
  return null;
}

function summary(e) {
  const p = e.payload || {};
  if (e.type === 'intent' || e.type === 'policy_block') {
    const intent = p.intent || p;
    return intent.type ? describe(intent) : '';
  }
  if (e.type === 'percept') return (p.type || '') + (p.payload && p.payload.text ? ': “' + p.payload.text + '”' : '');
  if (e.type === 'state_change') return (p.from ? p.from + ' → ' : '→ ') + (p.to || '') + (p.reason ? ' (' + p.reason + ')' : '');
  if (e.type === 'action') return (p.intent_id || '') + ' ' + (p.status || (p.ok === false ? 'failed' : 'ok')) + (p.error ? ' ' + p.error : '');
  if (e.type === 'metric') return p.metric ? p.metric + ' ' + (p.value ?? '') : '';
  return '';
}

function visible() {
  const m = manifest();
  return recording.events.filter((e) => (m.show_policy_blocks || e.type !== 'policy_block')
    && (!m.time_range || ((m.time_range.from == null || e.ts >= m.time_range.from) && (m.time_range.to == null || e.ts <= m.time_range.to))));
}

function render() {
  const m = manifest();
  const events = visible();
  const seqs = new Set(events.map((e) => e.seq));
  const highlights = recording.highlights.filter((h) => m.highlight_filters.includes(h.label) && seqs.has(h.seq));
  const hl = new Map(highlights.map((h) => [h.seq, h]));
  $('event-count').textContent = `(${events.length} of ${recording.events.length})`;
  $('highlight-count').textContent = `(${highlights.length} of ${recording.highlights.length})`;
  $('highlights').replaceChildren(...highlights.map((h) => el('li', { 'data-testid': 'highlight', 'data-label': h.label, 'data-seq': h.seq },
    el('strong', {}, h.label), ` seq ${h.seq}, score ${Number(h.score).toFixed(2)}`,
    h.features ? el('span', { class: 'muted' }, ' ' + [].concat(h.features).join(', ')) : null)));
  $('events').replaceChildren(...events.map((e) => {
    const decision = checksOf(e.payload);
    return el('li', { 'data-testid': 'event', 'data-type': e.type, 'data-seq': e.seq },
      el('span', { class: 'muted' }, `#${e.seq} ${time(e.ts)} ${e.actor} `), el('strong', {}, e.type), ' ', summary(e),
      hl.has(e.seq) ? el('span', { class: 'badge ok' }, hl.get(e.seq).label) : null,
      decision ? el('div', { class: 'checks', 'data-testid': 'decision' },
        'policy: ', el('strong', {}, decision.allowed === false || e.type === 'policy_block' ? 'blocked' : 'allowed'),
        decision.reason_code ? ' ' + decision.reason_code : '',
        decision.policy_version ? el('span', { class: 'muted' }, ' ' + decision.policy_version) : null,
        el('div', {}, ...decision.checks.map((c) => el('span', { class: 'check-' + (c.result || c.status), 'data-check': c.name },
          `${c.name}: ${c.result || c.status}${c.detail ? ' (' + c.detail + ')' : ''}; `)))) : null);
  }));
  // timeline
  const first = events.length ? events[0].ts : 0, last = events.length ? events[events.length - 1].ts : 0;
  const pos = (ts, i) => (last > first ? (ts - first) / (last - first) : i / Math.max(1, events.length - 1)) * 100;
  $('timeline').replaceChildren($('cursor'), ...events.map((e, i) => el('div', {
    class: 'mark ' + e.type + (hl.has(e.seq) ? ' highlight' : ''), style: `left:calc(${pos(e.ts, i)}% - 2px)`,
    title: `#${e.seq} ${e.type} ${summary(e)}`,
  })));
}

let playing = null;
$('play').addEventListener('click', () => {
  if (playing) { clearTimeout(playing); playing = null; $('play').textContent = 'Play'; return; }
  const events = visible();
  if (!events.length) return;
  $('play').textContent = 'Pause';
  let i = 0;
  const first = events[0].ts, last = events[events.length - 1].ts;
  const step = () => {
    const e = events[i];
    $('cursor').style.left = (last > first ? ((e.ts - first) / (last - first)) * 100 : (i / Math.max(1, events.length - 1)) * 100) + '%';
    const intent = e.payload && (e.payload.intent || e.payload);
    if (manifest().captions_on && e.type === 'intent' && intent && intent.type === 'speak') {
      $('caption').textContent = intent.params && intent.params.text || '';
    }
    i += 1;
    if (i >= events.length) { playing = null; $('play').textContent = 'Play'; return; }
    const gap = Math.min(2000, Math.max(150, ((events[i].ts - e.ts) * 1000) / manifest().speed));
    playing = setTimeout(step, gap);
  };
  step();
});

async function verify() {
  try {
    const v = await api('/api/v1/sessions/' + encodeURIComponent(sessionId) + '/verify');
    const b = $('verify-badge');
    b.dataset.ok = String(v.ok);
    if (v.ok) {
      b.className = 'badge ok';
      b.textContent = `chain verified (${v.verified} events)`;
    } else {
      b.className = 'badge bad';
      b.textContent = `chain broken at seq ${v.first_bad_seq}: ${v.reason}`;
    }
    document.body.dataset.verifies = String((Number(document.body.dataset.verifies) || 0) + 1);
    error(null);
  } catch (e) {
    error(e);
  }
}

$('load').addEventListener('click', () => { load(); verify(); });
$('verify').addEventListener('click', verify);
credentialsForm($('credentials'), () => { connect(); pollState(); });
connect();
pollState();
setInterval(pollState, 2000);
