// The search page: state lives in the URL (shareable, and Back works after opening an archived
// copy), each keystroke cancels the previous request, and results, facets and counts are
// announced politely to screen readers without reading the whole list again.
import { FACETS, MeiliClient, PAGE_SIZE } from './meili.js';
import { esc, renderChips, renderFacets, renderHit, renderSimilar, similarButton } from './render.js';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('search-form'),
  q: $('q'),
  sort: $('sort'),
  facets: $('facets'),
  filters: $('filters'),
  filtersToggle: $('filters-toggle'),
  filtersCount: $('filters-count'),
  chips: $('chips'),
  status: $('status'),
  heading: $('results-heading'),
  results: $('results'),
  more: $('more'),
  message: $('message'),
};

const state = { q: '', sort: '', filters: {}, offset: 0 };
const expandedFacets = new Set();
let client;
let inFlight = null;
let lastResponse = null;

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.q = p.get('q') ?? '';
  state.sort = p.get('sort') ?? '';
  state.filters = Object.fromEntries(FACETS.map((f) => [f.attr, p.getAll(f.attr)]).filter(([, v]) => v.length > 0));
  state.offset = 0;
  els.q.value = state.q;
  els.sort.value = state.sort;
}

function writeUrl(push) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.sort) p.set('sort', state.sort);
  for (const [attr, values] of Object.entries(state.filters)) for (const v of values) p.append(attr, v);
  const url = `${location.pathname}${p.size ? `?${p}` : ''}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function activeFilterCount() {
  return Object.values(state.filters).reduce((n, v) => n + v.length, 0);
}

function describe(total) {
  const n = total === 1 ? '1 article' : `${total.toLocaleString()} articles`;
  const filters = activeFilterCount();
  return `${n}${state.q ? ` for “${state.q}”` : ''}${filters ? ` with ${filters} filter${filters === 1 ? '' : 's'}` : ''}`;
}

async function run({ append = false } = {}) {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  if (!append) state.offset = 0;
  els.results.setAttribute('aria-busy', 'true');
  document.body.classList.add('loading');
  try {
    const res = await client.search(state, controller.signal);
    if (controller.signal.aborted) return;
    lastResponse = res;
    render(res, append);
    void addSimilarCounts(res.hits, controller.signal);
  } catch (err) {
    if (err.name === 'AbortError') return;
    showError(err);
  } finally {
    if (inFlight === controller) {
      els.results.removeAttribute('aria-busy');
      document.body.classList.remove('loading');
    }
  }
}

function render(res, append) {
  const total = res.estimatedTotalHits ?? res.hits.length;
  els.message.hidden = true;
  els.message.innerHTML = '';
  els.message.removeAttribute('role');
  els.heading.textContent = state.q || activeFilterCount() ? describe(total) : state.sort === 'publishedTs:asc' ? 'Oldest articles' : 'Latest articles';
  const shown = state.offset + res.hits.length;
  els.status.textContent = total === 0 ? `No articles${state.q ? ` for “${state.q}”` : ''}.` : `${describe(total)}. Showing ${shown}.`;

  const firstNew = els.results.children.length;
  const html = res.hits.map((h) => renderHit(h)).join('');
  if (append) els.results.insertAdjacentHTML('beforeend', html);
  else els.results.innerHTML = html;
  if (append) els.results.children[firstNew]?.querySelector('h2 a, h2')?.focus();

  if (total === 0) showEmpty();
  els.more.hidden = shown >= total || res.hits.length < PAGE_SIZE;
  els.more.textContent = `Show more results (${Math.min(PAGE_SIZE, total - shown)} of ${(total - shown).toLocaleString()} remaining)`;

  els.facets.innerHTML = renderFacets(res.facetDistribution ?? {}, state.filters, expandedFacets);
  els.chips.innerHTML = renderChips(state.filters);
  const n = activeFilterCount();
  els.filtersCount.textContent = n ? ` (${n})` : '';
}

function showEmpty() {
  const hasFilters = activeFilterCount() > 0;
  els.message.hidden = false;
  els.message.className = 'message empty';
  els.message.innerHTML = `<h2>No articles match${state.q ? ` “${esc(state.q)}”` : ''}</h2>
    <p>Check the spelling, try fewer or more general words${hasFilters ? ', or remove some filters' : ''}.</p>
    ${hasFilters ? '<button type="button" data-clear="all">Clear all filters</button>' : ''}`;
}

function showError(err) {
  els.results.innerHTML = '';
  els.more.hidden = true;
  els.status.textContent = '';
  els.message.hidden = false;
  els.message.className = 'message error';
  els.message.innerHTML = `<h2>Search is unavailable</h2><p>${esc(err.message)}</p><button type="button" data-retry>Try again</button>`;
  els.message.setAttribute('role', 'alert');
}

async function addSimilarCounts(hits, signal) {
  const clusters = [...new Set(hits.map((h) => h.clusterId).filter(Boolean))];
  try {
    const sizes = await client.clusterSizes(clusters, signal);
    for (const hit of hits) {
      const others = (sizes[hit.clusterId] ?? 1) - 1;
      const li = els.results.querySelector(`li[data-id="${CSS.escape(hit.id)}"] .links`);
      if (others > 0 && li && !li.querySelector('.similar-toggle')) li.insertAdjacentHTML('beforeend', similarButton(hit, others));
    }
  } catch {
    // Cluster sizes are a nicety: results stay usable without them.
  }
}

async function toggleSimilar(button) {
  const panel = document.getElementById(button.getAttribute('aria-controls'));
  const open = button.getAttribute('aria-expanded') === 'true';
  button.setAttribute('aria-expanded', String(!open));
  panel.hidden = open;
  if (open || panel.dataset.loaded) return;
  panel.innerHTML = '<p class="muted">Loading similar articles…</p>';
  try {
    panel.innerHTML = renderSimilar(await client.clusterMembers(button.dataset.cluster, button.dataset.id));
    panel.dataset.loaded = '1';
  } catch (err) {
    panel.innerHTML = `<p class="error-text" role="alert">Could not load similar articles: ${esc(err.message)}</p>`;
  }
}

function setFilter(attr, value, on) {
  const values = new Set(state.filters[attr] ?? []);
  if (on) values.add(value);
  else values.delete(value);
  state.filters[attr] = [...values];
  writeUrl(true);
  void run();
}

function clearFilters() {
  state.filters = {};
  writeUrl(true);
  void run();
  els.q.focus();
}

let typing;
els.q.addEventListener('input', () => {
  state.q = els.q.value;
  clearTimeout(typing);
  typing = setTimeout(() => {
    writeUrl(false);
    void run();
  }, 100);
});
els.q.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && els.q.value) {
    els.q.value = '';
    els.q.dispatchEvent(new Event('input'));
  }
});
els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(typing);
  writeUrl(true);
  void run();
});
els.sort.addEventListener('change', () => {
  state.sort = els.sort.value;
  writeUrl(true);
  void run();
});
els.facets.addEventListener('change', (e) => {
  const box = e.target.closest('input[data-attr]');
  if (box) setFilter(box.dataset.attr, box.value, box.checked);
});
els.facets.addEventListener('click', (e) => {
  const more = e.target.closest('.facet-more');
  if (!more) return;
  const attr = more.dataset.attr;
  if (expandedFacets.has(attr)) expandedFacets.delete(attr);
  else expandedFacets.add(attr);
  if (lastResponse) els.facets.innerHTML = renderFacets(lastResponse.facetDistribution ?? {}, state.filters, expandedFacets);
  els.facets.querySelector(`.facet-more[data-attr="${attr}"]`)?.focus();
});
document.addEventListener('click', (e) => {
  const chip = e.target.closest('.chip[data-attr]');
  if (chip) return setFilter(chip.dataset.attr, chip.dataset.value, false);
  if (e.target.closest('[data-clear="all"]')) return clearFilters();
  if (e.target.closest('[data-retry]')) return void run();
  const similar = e.target.closest('.similar-toggle');
  if (similar) return void toggleSimilar(similar);
});
els.more.addEventListener('click', () => {
  state.offset += PAGE_SIZE;
  void run({ append: true });
});
els.filtersToggle.addEventListener('click', () => {
  const open = els.filtersToggle.getAttribute('aria-expanded') !== 'true';
  els.filtersToggle.setAttribute('aria-expanded', String(open));
  els.filters.classList.toggle('open', open);
});
// "/" jumps to the search box from anywhere but a text field, as on most search sites.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest('input, textarea, select, [contenteditable]')) return;
  e.preventDefault();
  els.q.focus();
  els.q.select();
});
window.addEventListener('popstate', () => {
  readUrl();
  void run();
});

async function boot() {
  readUrl();
  try {
    const res = await fetch('/ui-config.json');
    if (!res.ok) throw new Error(`configuration unavailable (HTTP ${res.status})`);
    client = new MeiliClient(await res.json());
  } catch (err) {
    showError(err);
    return;
  }
  await run();
}

void boot();
