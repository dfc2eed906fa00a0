// Shared by the operations and playback pages: credentials, the API client and error display.
// Credentials stay in this tab (sessionStorage): the user's consent token (signed on the user's device, scope
// persona.use) and, for operator actions, an operator's HTTP Basic credentials. A link may carry them in its
// fragment (#token=...&operator=user:password), which is read once and removed from the address bar.

const TOKEN = 'aiverse.token';
const OPERATOR = 'aiverse.operator';

export function readFragment() {
  if (!location.hash || location.hash.length < 2) return;
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('token')) sessionStorage.setItem(TOKEN, params.get('token'));
  if (params.get('operator')) sessionStorage.setItem(OPERATOR, params.get('operator'));
  history.replaceState(null, '', location.pathname + location.search);
}

export const creds = {
  get token() { return sessionStorage.getItem(TOKEN) || ''; },
  set token(v) { v ? sessionStorage.setItem(TOKEN, v.trim()) : sessionStorage.removeItem(TOKEN); },
  get operator() { return sessionStorage.getItem(OPERATOR) || ''; },
  set operator(v) { v ? sessionStorage.setItem(OPERATOR, v) : sessionStorage.removeItem(OPERATOR); },
};

/** An error answered by the API: its HTTP status and the seed's {error:{code,message,corr_id}}. */
export class ApiError extends Error {
  constructor(status, code, message, corrId) {
    super(`${status} ${code}: ${message}`);
    this.detail = message;
    this.status = status;
    this.code = code;
    this.corrId = corrId;
  }
}

/**
 * Calls the REST API. `as`: 'user' sends the consent token, 'operator' the operator's Basic credentials, 'none'
 * nothing. Rejects with an ApiError carrying the API's own code and message.
 */
export async function api(path, { method = 'GET', body, as = 'user', text = false } = {}) {
  const headers = {};
  if (as === 'user') {
    if (!creds.token) throw new ApiError(0, 'no_token', 'enter a consent token first');
    headers['Authorization'] = 'Bearer ' + creds.token;
  } else if (as === 'operator') {
    if (!creds.operator) throw new ApiError(0, 'no_operator', 'enter operator credentials first');
    headers['Authorization'] = 'Basic ' + btoa(creds.operator);
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const raw = await response.text();
  if (!response.ok) {
    let code = 'http_' + response.status, message = raw.slice(0, 300), corr;
    try {
      const e = JSON.parse(raw).error;
      if (e) { code = e.code; message = e.message; corr = e.corr_id; }
    } catch (ignored) { /* not the error envelope */ }
    throw new ApiError(response.status, code, message, corr);
  }
  if (text) return raw;
  return raw ? JSON.parse(raw) : null;
}

/** Shows an error (or clears the box with null) in an element with role=alert. */
export function showError(box, error) {
  if (!box) return;
  if (!error) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = error instanceof ApiError
    ? `${error.status || ''} ${error.code}: ${error.detail}${error.corrId ? ' (corr_id ' + error.corrId + ')' : ''}`.trim()
    : String(error && error.message || error);
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function time(ts) {
  return ts ? new Date(ts * 1000).toISOString().replace('T', ' ').replace('.000Z', 'Z') : '';
}

/** The credentials form every page carries. */
export function credentialsForm(container, onSaved) {
  const token = el('textarea', { id: 'token', rows: 2, placeholder: 'consent token (persona.use)', 'aria-label': 'Consent token' });
  token.value = creds.token;
  const operator = el('input', { id: 'operator', type: 'password', placeholder: 'operator user:password', 'aria-label': 'Operator credentials', autocomplete: 'off' });
  operator.value = creds.operator;
  const save = el('button', { id: 'save-credentials', type: 'button', onclick: () => {
    creds.token = token.value;
    creds.operator = operator.value;
    onSaved && onSaved();
  } }, 'Use');
  container.append(el('details', { class: 'credentials', open: !creds.token || undefined },
    el('summary', {}, 'Credentials'), el('label', {}, 'Consent token ', token),
    el('label', {}, 'Operator ', operator), save));
}
