// The operator console: plain DOM over the API's own routes, same origin, with the session cookie.
// Every change carries the session's CSRF token; nothing here is trusted as HTML.
import { renderLost, renderRunDocuments, resetRunView } from './run-view.js';

const $ = (id) => document.getElementById(id);
let csrf = '';
let selected = null;
let timer = null;
const samples = [];

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.message ?? `HTTP ${status}`);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401 && path !== '/console/login') showLogin();
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function showLogin() {
  clearInterval(timer);
  $('app-view').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('login-view').hidden = false;
  $('key').focus();
}

function showApp(session) {
  csrf = session.csrf;
  $('who').textContent = `${session.name} (${session.scopes.join(', ')})`;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, 1500);
}

const fmt = (n) => Number(n ?? 0).toLocaleString();
function duration(s) {
  if (!Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
const done = (st) => st.fetched + st.unchanged + st.removed + st.failed;
const schedule = (s) => (s.schedule?.every ? `every ${duration(s.schedule.every / 1000)}` : (s.schedule?.pattern ?? 'on demand'));

async function act(label, fn) {
  try {
    await fn();
  } catch (err) {
    alert(`${label}: ${err.message}`);
  }
  await refresh();
}

function sourceRow({ source, state }) {
  const id = source.id;
  return h(
    'tr',
    { 'data-source': id },
    h('td', {}, h('a', { href: `#${encodeURIComponent(id)}`, onclick: () => select(id) }, id), source.paused ? h('span', { class: 'paused' }, ' paused') : null),
    h('td', {}, source.kind),
    h('td', { class: 'urls' }, source.urls.join(' ')),
    h('td', {}, schedule(source)),
    h('td', {}, state.runs ? `found ${fmt(state.found)}, fetched ${fmt(state.fetched)}, unchanged ${fmt(state.unchanged)}, failed ${fmt(state.failed)}` : 'not run'),
    h(
      'td',
      {},
      source.paused
        ? h('button', { type: 'button', onclick: () => act('Resume', () => api('POST', `/api/v1/sources/${encodeURIComponent(id)}/resume`)) }, 'Resume')
        : h('button', { type: 'button', onclick: () => act('Pause', () => api('POST', `/api/v1/sources/${encodeURIComponent(id)}/pause`)) }, 'Pause'),
      ' ',
      h('button', { type: 'button', onclick: () => act('Run', () => api('POST', `/api/v1/sources/${encodeURIComponent(id)}/run`).then(() => select(id))) }, 'Run now'),
      ' ',
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            if (!confirm(`Delete source ${id}? Its schedule and state go; fetch jobs already queued still run.`)) return;
            if (selected === id) select(null);
            act('Delete', () => api('DELETE', `/api/v1/sources/${encodeURIComponent(id)}`));
          },
        },
        'Delete',
      ),
    ),
  );
}

function select(id) {
  selected = id;
  samples.length = 0;
  resetRunView();
  $('detail').hidden = !id;
  refresh();
}

function stat(label, value, name) {
  return h('div', { 'data-stat': name }, h('dt', {}, label), h('dd', {}, value));
}

function renderProgress(view, status) {
  const st = view.state;
  const now = Date.now();
  samples.push({ at: now, done: done(st), runId: st.runId });
  while (samples.length > 1 && (now - samples[0].at > 30_000 || samples[0].runId !== st.runId)) samples.shift();
  const first = samples[0];
  const rate = samples.length > 1 ? ((done(st) - first.done) * 1000) / (now - first.at) : 0;
  const left = Math.max(0, st.found - done(st));
  // status.idle discounts each schedule's next run (a delayed discover job), which is no unfinished work.
  const finished = st.runs > 0 && left === 0 && status.idle;
  const paused = status.paused ?? [];
  $('progress').replaceChildren(
    stat('Run', st.runs ? `#${st.runs}${finished ? ' finished' : ' running'}` : 'not run', 'run'),
    stat('Found', fmt(st.found), 'found'),
    stat('Fetched', fmt(st.fetched), 'fetched'),
    stat('Unchanged', fmt(st.unchanged), 'unchanged'),
    stat('Skipped (not modified)', fmt(st.notModifiedSinceLastRun), 'skipped'),
    stat('Failed', fmt(st.failed), 'failed'),
    stat('Rate', rate > 0 ? `${rate.toFixed(1)} pages/s` : '–', 'rate'),
    stat('Time left', finished ? '0 s' : rate > 0 ? duration(left / rate) : paused.length ? 'paused' : '–', 'eta'),
    h('div', { class: 'wide' }, h('progress', { max: Math.max(st.found, 1), value: done(st) })),
  );
  $('progress').dataset.state = finished ? 'finished' : 'running';
  return finished;
}

function renderFailures(view) {
  $('failures').replaceChildren(
    ...(view.failures.length === 0
      ? [h('li', {}, 'None.')]
      : view.failures.map((f) =>
          h(
            'li',
            {},
            h('code', {}, f.code),
            ` ${f.url} – ${f.message} `,
            f.jobId ? h('button', { type: 'button', onclick: () => act('Retry', () => api('POST', '/api/v1/retry', { urls: [f.url] })) }, 'Retry') : h('em', {}, '(run the source again)'),
          ),
        )),
  );
}

function renderPipeline(status) {
  const counts = Object.entries(status.queues).map(([q, c]) => `${q}: ${fmt(c.waiting)} waiting, ${fmt(c.active)} active, ${fmt(c.failed)} failed`);
  const paused = status.paused ?? [];
  $('pipeline').replaceChildren(
    paused.length ? h('span', { class: 'paused' }, `Paused queues: ${paused.join(', ')} (nothing there moves until resumed). `) : '',
    status.idle ? 'Pipeline idle. ' : 'Pipeline working. ',
    counts.join(' · '),
  );
}

let refreshing = false;
async function refresh() {
  if (refreshing || $('app-view').hidden) return;
  refreshing = true;
  try {
    const [{ sources }, status] = await Promise.all([api('GET', '/api/v1/sources'), api('GET', '/api/v1/status')]);
    renderPipeline(status);
    $('sources').tBodies[0].replaceChildren(...sources.map(sourceRow));
    if (selected) {
      const view = await api('GET', `/api/v1/sources/${encodeURIComponent(selected)}`);
      $('detail-title').textContent = `${view.source.id} (${view.source.kind})`;
      const finished = renderProgress(view, status);
      renderFailures(view);
      await renderRunDocuments(h, api, view, finished, $('documents'), refresh);
      await renderLost(h, api, view, finished, $('lost'));
    }
  } catch (err) {
    if (err.status !== 401) $('pipeline').textContent = `Could not refresh: ${err.message}`;
  } finally {
    refreshing = false;
  }
}

const words = (s) => s.split(/\s+/).filter(Boolean);

$('add-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const kind = f.get('kind');
  const body = { id: f.get('id'), kind, urls: words(f.get('urls')), limits: { maxUrls: Number(f.get('maxUrls')) } };
  if (kind === 'crawl') {
    body.crawl = { maxPages: Number(f.get('maxPages')), maxDepth: Number(f.get('maxDepth')), mode: f.get('mode') };
    if (words(f.get('pathPrefixes')).length) body.crawl.pathPrefixes = words(f.get('pathPrefixes'));
    if (words(f.get('include')).length) body.crawl.include = words(f.get('include'));
    if (words(f.get('exclude')).length) body.crawl.exclude = words(f.get('exclude'));
  }
  if (f.get('every') && f.get('cron')) {
    $('add-error').textContent = 'Give a number of minutes or a cron pattern, not both.';
    return;
  }
  if (f.get('every')) body.schedule = { every: Number(f.get('every')) * 60_000 };
  if (f.get('cron')) body.schedule = { pattern: f.get('cron').trim() };
  $('add-error').textContent = '';
  try {
    await api('POST', '/api/v1/sources', body);
    // An `every` schedule starts its first run on registration; on demand or cron, it is run now.
    if (!body.schedule?.every) await api('POST', `/api/v1/sources/${encodeURIComponent(body.id)}/run`);
    e.target.reset();
    select(body.id);
  } catch (err) {
    $('add-error').textContent = err.message;
  }
});

$('retry-all').addEventListener('click', () => act('Retry', () => api('POST', '/api/v1/retry', { source: selected, urls: [] })));

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    showApp(await api('POST', '/console/login', { key: $('key').value }));
    $('key').value = '';
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? 'That key is not valid.' : err.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/console/logout').catch(() => {});
  csrf = '';
  showLogin();
});

api('GET', '/console/session').then(showApp, showLogin);
if (location.hash) selected = decodeURIComponent(location.hash.slice(1));
if (selected) $('detail').hidden = false;
