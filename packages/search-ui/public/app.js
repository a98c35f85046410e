// Queries Meilisearch straight from the browser with the search-only key the server hands out.
const FACETS = [
  ['siteName', 'Site'],
  ['authors', 'Author'],
  ['section', 'Section'],
  ['language', 'Language'],
  ['publishedYear', 'Year'],
];
const state = { q: '', sort: '', filters: {} };
const $ = (id) => document.getElementById(id);
let config;
let seq = 0;

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
// Meilisearch wraps matches in pre/post tags we choose; escape everything else.
function highlighted(s) {
  return esc(s).replaceAll('__ingest_hl__', '<mark>').replaceAll('__/ingest_hl__', '</mark>');
}

async function search() {
  const mine = ++seq;
  const filter = Object.entries(state.filters).flatMap(([attr, values]) => (values.size ? [[...values].map((v) => `${attr} = ${JSON.stringify(v)}`)] : []));
  const body = {
    q: state.q,
    limit: 20,
    facets: FACETS.map(([f]) => f),
    filter,
    attributesToHighlight: ['title', 'body'],
    attributesToCrop: ['body'],
    cropLength: 40,
    highlightPreTag: '__ingest_hl__',
    highlightPostTag: '__/ingest_hl__',
    ...(state.sort ? { sort: [state.sort] } : {}),
  };
  try {
    const res = await fetch(`${config.meiliUrl}/indexes/${encodeURIComponent(config.indexUid)}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.searchKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`search failed (${res.status})`);
    const data = await res.json();
    if (mine === seq) render(data);
  } catch (err) {
    if (mine !== seq) return;
    $('summary').textContent = '';
    $('results').innerHTML = `<li class="error" role="alert">Search is unavailable: ${esc(err.message)}</li>`;
  }
}

function render(data) {
  $('summary').textContent = `${data.estimatedTotalHits ?? data.hits.length} results${state.q ? ` for “${state.q}”` : ''} · ${data.processingTimeMs} ms`;
  $('results').innerHTML = data.hits.length
    ? data.hits.map(renderHit).join('')
    : `<li class="empty">No articles match${state.q ? ` “${esc(state.q)}”` : ''}. Try fewer words or clear the filters.</li>`;
  renderFacets(data.facetDistribution ?? {});
}

function renderHit(hit) {
  const f = hit._formatted ?? hit;
  const date = hit.publishedAt ? new Date(hit.publishedAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '';
  return `<li class="hit" data-id="${esc(hit.id)}">
    <h3><a href="${esc(hit.canonicalUrl)}" rel="noopener noreferrer">${highlighted(f.title || hit.url)}</a></h3>
    <div class="meta"><span>${esc(hit.siteName || hit.site)}</span>${hit.authors?.length ? `<span>${esc(hit.authors.join(', '))}</span>` : ''}${date ? `<time datetime="${esc(hit.publishedAt)}">${esc(date)}</time>` : ''}${hit.language ? `<span lang="${esc(hit.language)}">${esc(hit.language)}</span>` : ''}</div>
    <p class="snippet">${highlighted(f.body)}</p>
    <div class="links"><a href="${esc(hit.canonicalUrl)}" rel="noopener noreferrer">Original</a><a href="/archive/${encodeURIComponent(hit.id)}" class="archived">Archived copy</a></div>
  </li>`;
}

function renderFacets(dist) {
  $('facets').innerHTML = FACETS.map(([attr, label]) => {
    const values = Object.entries(dist[attr] ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 10);
    if (!values.length) return '';
    const chosen = state.filters[attr] ?? new Set();
    return `<div class="facet" data-facet="${attr}"><h2>${label}</h2>${values
      .map(([v, n]) => `<label><span><input type="checkbox" data-attr="${attr}" value="${esc(v)}" ${chosen.has(v) ? 'checked' : ''}> ${esc(v)}</span><span class="count">${n}</span></label>`)
      .join('')}</div>`;
  }).join('');
}

let timer;
$('q').addEventListener('input', (e) => {
  state.q = e.target.value;
  clearTimeout(timer);
  timer = setTimeout(search, 120);
});
$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  search();
});
$('sort').addEventListener('change', (e) => {
  state.sort = e.target.value;
  search();
});
$('facets').addEventListener('change', (e) => {
  const box = e.target;
  if (!box.dataset?.attr) return;
  const set = (state.filters[box.dataset.attr] ??= new Set());
  if (box.checked) set.add(box.value);
  else set.delete(box.value);
  search();
});

config = await (await fetch('/ui-config.json')).json();
search();
