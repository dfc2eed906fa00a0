// The operations page: the caller's sessions with their live state, the bridge registry with health and versions,
// the hot swap with its dry run (operators), and charts of the seed 8.1 metrics. Every action calls the real API.
import { api, creds, credentialsForm, el, readFragment, showError, time } from './app.js';

readFragment();
const $ = (id) => document.getElementById(id);

async function loadSessions() {
  try {
    const { items } = await api('/api/v1/sessions');
    $('sessions-body').replaceChildren(...items.map((s) => el('tr', { 'data-session': s.id },
      el('td', {}, el('a', { href: 'session.html?id=' + encodeURIComponent(s.id) }, s.id)),
      el('td', {}, el('span', { class: 'badge state-' + s.state, 'data-testid': 'session-state' }, s.state),
        s.reason ? el('span', { class: 'muted' }, ' ' + s.reason) : null),
      el('td', {}, s.world_id + (s.adapter_version ? ' (' + s.adapter_id + ' ' + s.adapter_version + ')' : '')),
      el('td', {}, s.snapshot_id),
      el('td', {}, time(s.ts)))));
    $('sessions-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    showError($('sessions-error'), null);
  } catch (e) {
    showError($('sessions-error'), e);
  }
}

async function loadBridges() {
  try {
    const { items } = await api('/api/v1/bridges', { as: 'none' });
    $('bridges-body').replaceChildren(...items.map((b) => el('tr', { 'data-bridge': b.id },
      el('td', {}, b.id), el('td', {}, b.kind), el('td', {}, b.version),
      el('td', {}, el('span', { class: 'badge ' + (b.health === 'ok' ? 'ok' : b.health === 'degraded' ? 'degraded' : 'bad') }, b.health),
        b.health_reason ? el('div', { class: 'muted' }, b.health_reason) : null),
      el('td', {}, (b.capabilities || []).join(', ')))));
    showError($('bridges-error'), null);
  } catch (e) {
    showError($('bridges-error'), e);
  }
  if (!creds.operator) {
    showError($('versions-error'), 'enter operator credentials to see installed versions and to swap');
    return;
  }
  try {
    const { items } = await api('/api/v1/adapters/versions', { as: 'operator' });
    $('versions-body').replaceChildren(...items.map((v) => el('tr', { 'data-version': v.adapter_id + '@' + v.version },
      el('td', {}, v.adapter_id), el('td', {}, v.version),
      el('td', {}, el('span', { class: 'badge ' + (v.state === 'ok' ? 'ok' : v.state === 'degraded' ? 'degraded' : 'bad') }, v.state),
        v.refused ? el('div', { class: 'muted' }, v.refused) : null),
      el('td', {}, v.queue_depth), el('td', {}, Math.round(v.execute_p90_ms)),
      el('td', {}, v.sessions.join(', ')), el('td', {}, v.pinned ? 'pinned' : ''))));
    showError($('versions-error'), null);
  } catch (e) {
    showError($('versions-error'), e);
  }
}

async function swap(dryRun) {
  showError($('swap-error'), null);
  $('swap-result').textContent = '';
  try {
    const plan = await api('/api/v1/adapters/' + encodeURIComponent($('swap-adapter').value) + '/swap', {
      method: 'POST', as: 'operator', body: { version: $('swap-version').value, dry_run: dryRun },
    });
    $('swap-result').textContent = (plan.dry_run ? 'Dry run: ' : 'Swapped: ') + plan.adapter_id + ' -> ' + plan.version + '\n'
      + (plan.refused ? 'Refused: ' + plan.refused + '\n' : '')
      + 'Capabilities added: ' + (plan.added.join(', ') || '-') + '\n'
      + 'Capabilities removed: ' + (plan.removed.join(', ') || '-') + '\n'
      + 'Sessions affected (' + plan.sessions.length + '): ' + (plan.sessions.join(', ') || '-');
    loadBridges();
  } catch (e) {
    showError($('swap-error'), e);
  }
}

// ---- metrics: the seed 8.1 catalog, sampled from the Prometheus text every 2 s
const CATALOG = ['intent_rate_per_min', 'policy_block_rate', 'decision_latency_ms', 'adapter_execute_latency_ms',
  'ws_rtt_ms', 'backpressure_level', 'session_length_s', 'takeover_events', 'redaction_ops', 'anomaly_flags'];
const series = Object.fromEntries(CATALOG.map((m) => [m, []]));

/** One figure per catalog metric: the sum of its samples, or the mean (sum/count) of a histogram or summary. */
export function figures(text) {
  const sums = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    sums[m[1]] = (sums[m[1]] || 0) + value;
  }
  const out = {};
  for (const name of CATALOG) {
    const base = Object.keys(sums).filter((k) => k === name || k.endsWith('_' + name)
      || k === name + '_total' || k.endsWith('_' + name + '_total'));
    const sum = Object.keys(sums).find((k) => k === name + '_sum' || k.endsWith('_' + name + '_sum'));
    const count = Object.keys(sums).find((k) => k === name + '_count' || k.endsWith('_' + name + '_count'));
    if (sum && count) out[name] = sums[count] > 0 ? sums[sum] / sums[count] : 0;
    else if (base.length) out[name] = base.reduce((a, k) => a + sums[k], 0);
  }
  return out;
}

function draw(name) {
  const canvas = document.querySelector(`canvas[data-metric="${name}"]`);
  const points = series[name];
  const ctx = canvas.getContext('2d');
  const w = canvas.width = canvas.clientWidth || 200, h = canvas.height = 70;
  ctx.clearRect(0, 0, w, h);
  if (!points.length) return;
  const max = Math.max(1e-9, ...points);
  ctx.strokeStyle = getComputedStyle(document.body).getPropertyValue('--accent') || '#4fd1c5';
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach((v, i) => {
    const x = points.length === 1 ? w / 2 : (i / (points.length - 1)) * (w - 4) + 2;
    const y = h - 4 - (v / max) * (h - 8);
    i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
  });
  ctx.stroke();
}

function buildCharts() {
  $('charts').replaceChildren(...CATALOG.map((name) => el('figure', { style: 'margin:0' },
    el('figcaption', {}, name, ' ', el('strong', { 'data-metric-value': name }, '-')),
    el('canvas', { class: 'chart', 'data-metric': name, role: 'img', 'aria-label': name + ' over time' }))));
}

async function sampleMetrics() {
  try {
    const text = await api('/metrics', { as: 'none', text: true });
    const f = figures(text);
    for (const name of CATALOG) {
      const cell = document.querySelector(`[data-metric-value="${name}"]`);
      if (name in f) {
        series[name].push(f[name]);
        if (series[name].length > 90) series[name].shift();
        cell.textContent = Number(f[name].toFixed(2)).toString();
      } else {
        cell.textContent = 'not reported';
      }
      draw(name);
    }
    document.body.dataset.metricSamples = String((Number(document.body.dataset.metricSamples) || 0) + 1);
    showError($('metrics-error'), null);
  } catch (e) {
    showError($('metrics-error'), e);
  }
}

credentialsForm($('credentials'), () => { loadSessions(); loadBridges(); });
$('swap-dry-run').addEventListener('click', () => swap(true));
$('swap-apply').addEventListener('click', () => swap(false));
$('open-recording').addEventListener('submit', (ev) => {
  ev.preventDefault();
  location.href = 'session.html?id=' + encodeURIComponent($('recording-id').value.trim());
});
buildCharts();
loadSessions();
loadBridges();
sampleMetrics();
setInterval(loadSessions, 2000);
setInterval(loadBridges, 5000);
setInterval(sampleMetrics, 2000);
