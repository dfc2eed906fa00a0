// The WebXR world client: joins a session as its engine over the session WebSocket (DESIGN §6, participant
// `engine`), renders the realm the platform made from a World Fabric template (seed 4.10; deterministic from the
// realm's seed), shows the AI avatar executing speak (captions, speech where the browser has it), move, animate
// and openDialog, answers every intent with its action_result, sends chat and proximity percepts, and offers the
// accessibility settings of seed 9.1 (captions, high contrast, font scale, snap-turn, vignette).
import * as THREE from 'three';
import { VRButton } from 'three/examples/jsm/webxr/VRButton.js';
import { api, creds, readFragment, showError } from '../../../src/main/resources/web/ui/app.js';
import { SessionStream } from '../../../src/main/resources/web/ui/stream.js';

readFragment();
const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const sessionId = query.get('session') || '';
const snapshotId = query.get('snapshot') || '';
const worldId = query.get('world') || 'webxr';
const error = (e) => showError($('error'), e);
const status = (text) => { $('status').textContent = text; document.body.dataset.status = text; };

// ---------------------------------------------------------------- accessibility (seed 9.1), remembered per user

const A11Y_KEY = 'aiverse.xr.accessibility';
const a11y = Object.assign(
  { captions: true, highContrast: false, fontScale: 1, snapTurn: true, snapTurnDeg: 30, vignette: true, vignetteIntensity: 0.6 },
  JSON.parse(localStorage.getItem(A11Y_KEY) || '{}'));

function applyA11y() {
  $('a11y-captions').checked = a11y.captions;
  $('a11y-contrast').checked = a11y.highContrast;
  $('a11y-font').value = String(a11y.fontScale);
  $('a11y-snap').checked = a11y.snapTurn;
  $('a11y-snap-deg').value = String(a11y.snapTurnDeg);
  $('a11y-vignette').checked = a11y.vignette;
  $('a11y-vignette-intensity').value = String(a11y.vignetteIntensity);
  document.body.classList.toggle('high-contrast', a11y.highContrast);
  document.documentElement.style.setProperty('--font-scale', String(a11y.fontScale));
  $('caption').hidden = !a11y.captions;
}
$('a11y').addEventListener('change', () => {
  a11y.captions = $('a11y-captions').checked;
  a11y.highContrast = $('a11y-contrast').checked;
  a11y.fontScale = Number($('a11y-font').value);
  a11y.snapTurn = $('a11y-snap').checked;
  a11y.snapTurnDeg = Number($('a11y-snap-deg').value);
  a11y.vignette = $('a11y-vignette').checked;
  a11y.vignetteIntensity = Number($('a11y-vignette-intensity').value);
  localStorage.setItem(A11Y_KEY, JSON.stringify(a11y));
  applyA11y();
});

// ---------------------------------------------------------------- the realm

/** mulberry32: the realm's deterministic random numbers, from its seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const params = (realm, name) => (realm.layers.find((l) => l.name === name) || { params: {} }).params || {};
const LIGHT = { dawn: 0.5, morning: 0.8, noon: 1, dusk: 0.55, night: 0.25 };

let renderer, scene, camera, avatar, clock, dirty = true;
const exhibits = [];
const tweens = [];
let realmInfo = null;

function buildRealm(realm) {
  realmInfo = realm;
  const rnd = random(realm.seed);
  const palette = realm.theme.palette.map((c) => new THREE.Color(c));
  const [accent, base, third] = [palette[0] || new THREE.Color('#0ff0f0'), palette[1] || new THREE.Color('#101820'), palette[2] || new THREE.Color('#b39ddb')];
  scene = new THREE.Scene();
  scene.background = base.clone();
  scene.fog = new THREE.Fog(base.clone(), 20, 90);

  const light = params(realm, 'lighting');
  const intensity = (light.intensity ?? 0.8) * (LIGHT[light.time_of_day] ?? 0.6);
  scene.add(new THREE.HemisphereLight(accent, base, 0.6 + intensity));
  const sun = new THREE.DirectionalLight(0xffffff, 1.5 * intensity);
  sun.position.set(10, 20, 5);
  scene.add(sun);

  // terrain: islands around the home island, raised by elevation_bias
  const terrain = params(realm, 'terrain');
  const islands = [];
  const islandCount = terrain.islands ?? 3;
  for (let i = 0; i < islandCount; i++) {
    const r = i === 0 ? 14 : 5 + rnd() * 6;
    const angle = (i / islandCount) * Math.PI * 2 + rnd() * 0.5;
    const dist = i === 0 ? 0 : 22 + rnd() * 14;
    const h = 0.5 + (terrain.elevation_bias ?? 0.2) * 6 * (i === 0 ? 0.2 : rnd());
    const island = new THREE.Mesh(new THREE.CylinderGeometry(r, r * 1.15, h, 24),
      new THREE.MeshStandardMaterial({ color: third.clone().lerp(base, 0.35), flatShading: true }));
    island.position.set(Math.cos(angle) * dist, -h / 2, Math.sin(angle) * dist);
    scene.add(island);
    islands.push({ x: island.position.x, z: island.position.z, r });
  }
  const water = new THREE.Mesh(new THREE.CircleGeometry(200, 32), new THREE.MeshStandardMaterial({ color: base.clone().lerp(accent, 0.15) }));
  water.rotation.x = -Math.PI / 2;
  water.position.y = -0.6;
  scene.add(water);

  // foliage: `instances` plants (already capped by the template's max_particles), spread over the islands
  const foliage = params(realm, 'foliage');
  const count = foliage.instances ?? 0;
  const plants = new THREE.InstancedMesh(new THREE.ConeGeometry(0.25, 1, 5),
    new THREE.MeshStandardMaterial({ color: accent, emissive: accent.clone().multiplyScalar(0.3), flatShading: true }), count);
  const m = new THREE.Matrix4();
  const spawnAt = (realm.spawn_points[0] || { pos: { x: 0, z: 0 } }).pos;
  for (let i = 0; i < count; i++) {
    const island = islands[Math.floor(rnd() * islands.length)];
    const a = rnd() * Math.PI * 2, d = Math.sqrt(rnd()) * island.r * 0.95, s = 0.3 + rnd() * 0.6;
    let x = island.x + Math.cos(a) * d, z = island.z + Math.sin(a) * d;
    if (Math.hypot(x - spawnAt.x, z - spawnAt.z) < 10) { // a clearing around the spawn point: push to its rim
      const k = 10 / Math.max(0.01, Math.hypot(x - spawnAt.x, z - spawnAt.z));
      x = spawnAt.x + (x - spawnAt.x) * k;
      z = spawnAt.z + (z - spawnAt.z) * k;
    }
    m.makeScale(s, s, s).setPosition(x, s / 2, z);
    plants.setMatrixAt(i, m);
  }
  scene.add(plants);

  // structures: hubs and pavilions (pavilions are exhibits: proximity percepts)
  const structures = params(realm, 'structures');
  for (let i = 0; i < (structures.hubs ?? 0); i++) {
    const hub = new THREE.Mesh(new THREE.CylinderGeometry(2, 2.4, 4, 8), new THREE.MeshStandardMaterial({ color: third }));
    hub.position.set(-6 - i * 5, 2, -8);
    scene.add(hub);
  }
  for (let i = 0; i < (structures.pavilions ?? 0); i++) {
    const a = (i / Math.max(1, structures.pavilions)) * Math.PI * 2;
    const pav = new THREE.Mesh(new THREE.BoxGeometry(2.5, 3, 2.5), new THREE.MeshStandardMaterial({ color: third.clone().lerp(accent, 0.3) }));
    pav.position.set(Math.cos(a) * 9, 1.5, Math.sin(a) * 9);
    scene.add(pav);
    exhibits.push({ entity: 'exhibit_pavilion_' + (i + 1), name: 'Pavilion ' + (i + 1), pos: pav.position, near: false,
      description: 'A pavilion of the ' + realm.theme.name.replace(/_/g, ' ') });
  }

  // the AI avatar at the first spawn point; the visitor a few metres away
  const spawn = (realm.spawn_points[0] || { pos: { x: 0, y: 0, z: 0 } }).pos;
  avatar = new THREE.Group();
  const body = new THREE.Mesh(new THREE.CylinderGeometry(0.35, 0.45, 1.2, 12), new THREE.MeshStandardMaterial({ color: accent, emissive: accent.clone().multiplyScalar(0.4) }));
  body.position.y = 0.6;
  const head = new THREE.Mesh(new THREE.SphereGeometry(0.3, 16, 12), new THREE.MeshStandardMaterial({ color: 0xffffff }));
  head.position.y = 1.5;
  avatar.add(body, head);
  avatar.position.set(spawn.x, spawn.y || 0, spawn.z);
  scene.add(avatar);
  exhibits.push({ entity: 'ai_avatar', name: 'the AI avatar', pos: avatar.position, near: false, description: 'your AI' });

  camera.position.set(spawn.x, 1.6, spawn.z + 8);
  camera.lookAt(avatar.position.x, 1.2, avatar.position.z);
  document.body.dataset.realm = realm.realm_id;
  $('realm').textContent = `${realm.theme.name} · seed ${realm.seed} · ${islandCount} islands · ${count} plants · tags ${realm.tags.join(', ') || '-'}`;
  dirty = true;
}

function startRenderer() {
  camera = new THREE.PerspectiveCamera(70, innerWidth / innerHeight, 0.1, 300);
  clock = new THREE.Clock();
  try {
    renderer = new THREE.WebGLRenderer({ antialias: false, canvas: $('scene') });
  } catch (e) {
    error('WebGL is not available in this browser: ' + e.message + ' (the session still runs; captions and dialogs show below)');
    document.body.dataset.webgl = 'unavailable';
    return;
  }
  document.body.dataset.webgl = 'ok';
  renderer.setPixelRatio(Math.min(devicePixelRatio, 2));
  renderer.setSize(innerWidth, innerHeight);
  renderer.xr.enabled = true;
  document.body.append(VRButton.createButton(renderer));
  addEventListener('resize', () => { camera.aspect = innerWidth / innerHeight; camera.updateProjectionMatrix(); renderer.setSize(innerWidth, innerHeight); dirty = true; });
  renderer.setAnimationLoop(() => {
    const dt = clock.getDelta();
    const now = performance.now();
    for (let i = tweens.length - 1; i >= 0; i--) {
      const t = tweens[i];
      const k = Math.min(1, (now - t.start) / t.ms);
      t.step(k);
      dirty = true;
      if (k >= 1) { tweens.splice(i, 1); t.done(); }
    }
    moveVisitor(dt);
    if (scene && (dirty || renderer.xr.isPresenting)) {
      renderer.render(scene, camera);
      dirty = false;
    }
  });
}

// ---------------------------------------------------------------- the visitor: locomotion, snap-turn, vignette

const keys = new Set();
addEventListener('keydown', (e) => {
  if (e.target.closest && e.target.closest('input,textarea,select,button')) return;
  keys.add(e.key.toLowerCase());
  if (a11y.snapTurn && (e.key === 'q' || e.key === 'e')) {
    camera.rotation.y += (e.key === 'q' ? 1 : -1) * THREE.MathUtils.degToRad(a11y.snapTurnDeg);
    dirty = true;
  }
});
addEventListener('keyup', (e) => keys.delete(e.key.toLowerCase()));

function moveVisitor(dt) {
  if (!camera) return;
  let forward = 0, turn = 0;
  if (keys.has('w') || keys.has('arrowup')) forward += 1;
  if (keys.has('s') || keys.has('arrowdown')) forward -= 1;
  if (!a11y.snapTurn && (keys.has('q') || keys.has('arrowleft'))) turn += 1;
  if (!a11y.snapTurn && (keys.has('e') || keys.has('arrowright'))) turn -= 1;
  const moving = forward !== 0 || turn !== 0;
  $('vignette').style.opacity = a11y.vignette && moving ? String(a11y.vignetteIntensity) : '0';
  if (!moving) return;
  camera.rotation.order = 'YXZ';
  camera.rotation.y += turn * dt * 1.5;
  const dir = new THREE.Vector3(0, 0, -1).applyAxisAngle(new THREE.Vector3(0, 1, 0), camera.rotation.y);
  camera.position.addScaledVector(dir, forward * dt * 3);
  dirty = true;
  checkProximity();
}

/** Sends a proximity percept when the visitor comes within 3 m of an exhibit or the avatar (and when it leaves). */
function checkProximity() {
  for (const x of exhibits) {
    const d = Math.hypot(camera.position.x - x.pos.x, camera.position.z - x.pos.z);
    const near = d < 3;
    if (near !== x.near) {
      x.near = near;
      percept('proximity', 'engine', { entity: x.entity, name: x.name, distance_m: Math.round(d * 10) / 10, description: x.description, state: near ? 'enter' : 'leave' });
    }
  }
}

/** Teleports the visitor next to the avatar (the comfort locomotion); a proximity percept follows. */
$('teleport').addEventListener('click', () => {
  if (!camera || !avatar) return;
  camera.position.set(avatar.position.x, 1.6, avatar.position.z + 2);
  camera.lookAt(avatar.position.x, 1.2, avatar.position.z);
  dirty = true;
  checkProximity();
});

// ---------------------------------------------------------------- the engine side of the session

let stream;
let perceptNo = 0;
function percept(type, source, payload) {
  if (!stream) return 0;
  perceptNo += 1;
  return stream.send('event', { id: `p_xr_${Date.now().toString(36)}_${perceptNo}`, type, source, payload, ts: Math.floor(Date.now() / 1000) });
}

function actionResult(intentId, ok, err) {
  const result = { intent_id: intentId, ok };
  if (!ok) result.error = err;
  percept('system', 'engine', { action_result: result });
  const li = document.createElement('li');
  li.dataset.testid = 'action';
  li.dataset.ok = String(ok);
  li.textContent = `${intentId}: ${ok ? 'done' : 'failed ' + err}`;
  $('actions').prepend(li);
}

let captionTimer;
function caption(text) {
  $('caption').textContent = text;
  clearTimeout(captionTimer);
  captionTimer = setTimeout(() => { $('caption').textContent = ''; }, 6000);
}

function speak(text) {
  caption(text);
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, Math.min(4000, 600 + text.length * 40));
    if (!('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') return;
    try {
      const u = new SpeechSynthesisUtterance(text);
      u.onend = () => { clearTimeout(fallback); resolve(); };
      u.onerror = () => { /* no voice: the caption carries it; the fallback completes */ };
      speechSynthesis.speak(u);
    } catch (ignored) { /* the caption carries it */ }
  });
}

function tween(ms, step) {
  return new Promise((done) => tweens.push({ start: performance.now(), ms, step, done }));
}

/** Where a move goes: {x, z} in params, a spawn point, an exhibit, or the visitor. */
function destination(intent) {
  const p = intent.params || {};
  if (typeof p.x === 'number' && typeof p.z === 'number') return new THREE.Vector3(p.x, 0, p.z);
  const target = intent.target || p.to || p.waypoint;
  if (target === 'visitor' || target === 'user') return new THREE.Vector3(camera.position.x, 0, camera.position.z - 1.5);
  const spawn = realmInfo && realmInfo.spawn_points.find((s) => s.id === target);
  if (spawn) return new THREE.Vector3(spawn.pos.x, 0, spawn.pos.z);
  const exhibit = exhibits.find((x) => x.entity === target || x.name === target);
  if (exhibit) return new THREE.Vector3(exhibit.pos.x + 1.5, 0, exhibit.pos.z + 1.5);
  return null;
}

const ANIMATIONS = {
  wave: (k) => { avatar.children[1].position.x = Math.sin(k * Math.PI * 6) * 0.15; },
  nod: (k) => { avatar.children[1].position.y = 1.5 - Math.abs(Math.sin(k * Math.PI * 4)) * 0.1; },
  dance: (k) => { avatar.rotation.y = k * Math.PI * 4; },
  jump: (k) => { avatar.position.y = Math.sin(k * Math.PI) * 0.8; },
};

let stopped = false;
async function execute(intent) {
  const id = intent.intent_id;
  if (stopped) return actionResult(id, false, 'stopped');
  const p = intent.params || {};
  try {
    switch (intent.type) {
      case 'speak':
        if (typeof p.text !== 'string') return actionResult(id, false, 'invalid_target');
        await speak(p.text);
        return actionResult(id, true);
      case 'move': {
        const to = avatar && camera ? destination(intent) : null;
        if (!to) return actionResult(id, false, 'invalid_target');
        const from = avatar.position.clone();
        await tween(Math.min(3000, from.distanceTo(to) * 300 + 200), (k) => avatar.position.lerpVectors(from, to, k));
        checkProximity();
        return actionResult(id, true);
      }
      case 'animate': {
        const name = p.name || p.animation || intent.target || 'wave';
        const anim = ANIMATIONS[name];
        if (!anim) return actionResult(id, false, 'invalid_target');
        if (avatar) await tween(Math.round(1200 / (p.speed || 1)), anim);
        if (avatar) { avatar.children[1].position.set(0, 1.5, 0); avatar.position.y = 0; }
        return actionResult(id, true);
      }
      case 'openDialog':
        openDialog(p);
        return actionResult(id, true);
      default:
        return actionResult(id, false, 'not_supported');
    }
  } catch (e) {
    return actionResult(id, false, 'engine_error');
  }
}

function openDialog(p) {
  const d = $('dialog');
  $('dialog-title').textContent = p.title || 'Your AI asks';
  $('dialog-text').textContent = p.text || p.prompt || p.message || '';
  const options = Array.isArray(p.options) && p.options.length ? p.options : ['OK'];
  $('dialog-options').replaceChildren(...options.map((o) => {
    const label = typeof o === 'string' ? o : (o.label || o.id);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => {
      d.close();
      percept('chat', 'user', { text: label, speaker: 'visitor', dialog: p.dialog_id || p.id || null });
    });
    return b;
  }));
  if (!d.open) d.show();
}

/** Emergency stop (seed 7.3): halt movement, mute speech, clear animations, close dialogs, back to the safe spawn. */
function halt(reason) {
  stopped = true;
  tweens.splice(0, tweens.length);
  if ('speechSynthesis' in window) speechSynthesis.cancel();
  if ($('dialog').open) $('dialog').close();
  if (avatar && realmInfo && realmInfo.spawn_points[0]) {
    const s = realmInfo.spawn_points[0].pos;
    avatar.position.set(s.x, s.y || 0, s.z);
    dirty = true;
  }
  caption(reason === 'emergency_stop' ? 'Stopped.' : 'Session ended.');
}

function join() {
  if (!sessionId) { error('open this page with ?session=<id>&snapshot=<snapshot id>'); return; }
  if (!creds.token) { error('no consent token: open the page with #token=<token> or set it on the operations page'); return; }
  status('joining');
  stream = new SessionStream(sessionId, creds.token, 'engine', {
    onState: (p) => {
      if (p.state) {
        $('state').textContent = p.state + (p.reason ? ' (' + p.reason + ')' : '');
        document.body.dataset.state = p.state;
        if (p.state === 'running') stopped = false;
        if (p.state === 'terminating' || p.state === 'terminated' || p.state === 'paused') halt(p.reason);
      }
      if (p.participant) status('joined as ' + p.participant);
    },
    onIntent: (p) => execute(p),
    onError: (p) => error(typeof p === 'string' ? p : `${p.code}: ${p.message}`),
    onClose: (code, reason) => status(`disconnected (${code}${reason ? ' ' + reason : ''})`),
  });
}

$('chat').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = $('chat-text').value.trim();
  if (!text) return;
  percept('chat', 'user', { text, speaker: 'visitor' });
  const li = document.createElement('li');
  li.textContent = 'you: ' + text;
  $('actions').prepend(li);
  $('chat-text').value = '';
});

async function main() {
  applyA11y();
  startRenderer();
  if (snapshotId && creds.token) {
    try {
      const realm = await api(`/api/v1/worlds/${encodeURIComponent(worldId)}/realm?snapshot_id=${encodeURIComponent(snapshotId)}`);
      if (realm.accessibility && localStorage.getItem(A11Y_KEY) === null) {
        if (realm.accessibility.snap_turn_deg) a11y.snapTurnDeg = realm.accessibility.snap_turn_deg;
        if (typeof realm.accessibility.vignette === 'boolean') a11y.vignette = realm.accessibility.vignette;
        applyA11y();
      }
      if (camera) buildRealm(realm);
      else { realmInfo = realm; document.body.dataset.realm = realm.realm_id; }
    } catch (e) {
      error(e);
    }
  } else {
    error('no realm: open this page with ?snapshot=<snapshot id> and a consent token');
  }
  join();
}
main();
