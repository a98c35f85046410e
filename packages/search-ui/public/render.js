// HTML for results, facets and filter chips. Every value from the index is escaped; highlight
// markers are private control characters, turned into <mark> only after escaping.
import { FACETS, HL_POST, HL_PRE } from './meili.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function highlighted(s) {
  return esc(s).replaceAll(HL_PRE, '<mark>').replaceAll(HL_POST, '</mark>');
}

/** Only web links leave the page; anything else (javascript:, data:) is dropped. */
function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'language' }) : null;
export function languageName(code) {
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateFormat.format(d);
}

export function facetValueLabel(attr, value) {
  if (attr === 'language') return languageName(value);
  if (attr === 'site') return value.replace(/^www\./, '');
  return value;
}

function hasMark(s) {
  return typeof s === 'string' && s.includes(HL_PRE);
}

/**
 * The standfirst reads best, so it wins when the query matched there; then the body crop around
 * the match; with no match in either (a title or name match), the standfirst or the body's start.
 */
function snippet(hit) {
  const f = hit._formatted ?? {};
  if (hasMark(f.description)) return highlighted(f.description);
  if (hasMark(f.body)) return highlighted(f.body);
  return highlighted(f.description || hit.description || f.body || '');
}

function meta(hit) {
  const parts = [`<span class="site">${esc(hit.siteName || facetValueLabel('site', hit.site))}</span>`];
  if (hit.authors?.length) parts.push(`<span class="authors">${esc(hit.authors.join(', '))}</span>`);
  if (hit.publishedAt) parts.push(`<time datetime="${esc(hit.publishedAt)}">${esc(formatDate(hit.publishedAt))}</time>`);
  const last = hit.history?.length > 1 ? hit.history[hit.history.length - 1] : null;
  if (last) parts.push(`<span class="updated">updated <time datetime="${esc(last.fetchedAt)}">${esc(formatDate(last.fetchedAt))}</time></span>`);
  if (hit.section) parts.push(`<span>${esc(hit.section)}</span>`);
  if (hit.readingTimeMinutes) parts.push(`<span>${esc(Math.max(1, Math.round(hit.readingTimeMinutes)))} min read</span>`);
  return parts.join('<span class="sep" aria-hidden="true">·</span>');
}

function links(hit, title) {
  const href = safeHref(hit.canonicalUrl);
  const original = href ? `<a href="${esc(href)}" rel="noopener noreferrer" aria-label="Original: ${esc(title)}">Original</a>` : '';
  return `${original}<a class="archived" href="/archive/${encodeURIComponent(hit.id)}" aria-label="Archived copy: ${esc(title)}">Archived copy</a>`;
}

/** The document's versions (changes of text or title), newest first, in a disclosure: no script needed. */
function history(hit) {
  if (!(hit.history?.length > 1)) return '';
  const items = [...hit.history]
    .reverse()
    .map((v) => `<li>v${esc(v.n)} <time datetime="${esc(v.fetchedAt)}">${esc(formatDate(v.fetchedAt))}</time> ${esc(v.title)}</li>`)
    .join('');
  return `<details class="history"><summary>History (${esc(hit.history[hit.history.length - 1].n)} versions)</summary><ol>${items}</ol></details>`;
}

/** Added once the cluster sizes are known (a second, cheap query), so results never wait for it. */
export function similarButton(hit, similarCount) {
  return `<button type="button" class="similar-toggle" aria-expanded="false" aria-controls="similar-${esc(hit.id)}" data-cluster="${esc(hit.clusterId)}" data-id="${esc(hit.id)}">${similarCount} similar article${similarCount === 1 ? '' : 's'}</button>`;
}

export function renderHit(hit) {
  const f = hit._formatted ?? {};
  const title = hit.title || hit.url;
  const href = safeHref(hit.canonicalUrl);
  const titleHtml = highlighted(f.title ?? title);
  const lang = hit.language ? `<span class="lang" lang="${esc(hit.language)}" title="${esc(languageName(hit.language))}">${esc(hit.language.toUpperCase())}</span>` : '';
  return `<li class="hit" data-id="${esc(hit.id)}">
  <article aria-labelledby="t-${esc(hit.id)}">
    <h2 class="hit-title" id="t-${esc(hit.id)}">${href ? `<a href="${esc(href)}" rel="noopener noreferrer">${titleHtml}</a>` : titleHtml}${lang}</h2>
    <p class="meta">${meta(hit)}</p>
    <p class="snippet"${hit.language ? ` lang="${esc(hit.language)}"` : ''}>${snippet(hit)}</p>
    <p class="links">${links(hit, title)}</p>
    ${history(hit)}
    <div class="similar" id="similar-${esc(hit.id)}" hidden></div>
  </article>
</li>`;
}

export function renderSimilar(hits) {
  if (hits.length === 0) return '<p class="muted">The other copies are no longer in the index.</p>';
  return `<ul>${hits
    .map((h) => {
      const href = safeHref(h.canonicalUrl);
      const title = esc(h.title || h.url);
      return `<li>${href ? `<a href="${esc(href)}" rel="noopener noreferrer">${title}</a>` : title}
        <span class="meta">${meta(h)}</span>
        <a class="archived" href="/archive/${encodeURIComponent(h.id)}" aria-label="Archived copy: ${title}">Archived copy</a></li>`;
    })
    .join('')}</ul>`;
}

const FACET_PREVIEW = 6;

/** Years read best newest first; everything else by count (most frequent first). */
function orderedValues(attr, dist, chosen) {
  const entries = Object.entries(dist);
  for (const v of chosen) if (!(v in dist)) entries.push([v, 0]);
  return attr === 'publishedYear' ? entries.sort((a, b) => Number(b[0]) - Number(a[0])) : entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function renderFacets(dist, filters, expanded) {
  return FACETS.map(({ attr, label }) => {
    const chosen = filters[attr] ?? [];
    const values = orderedValues(attr, dist[attr] ?? {}, chosen);
    if (values.length === 0) return '';
    const open = expanded.has(attr);
    const shown = open ? values : values.filter(([v], i) => i < FACET_PREVIEW || chosen.includes(v));
    const items = shown
      .map(([v, n]) => {
        const id = `f-${attr}-${v}`.replace(/[^A-Za-z0-9_-]/g, '_');
        return `<li><input type="checkbox" id="${esc(id)}" data-attr="${attr}" value="${esc(v)}"${chosen.includes(v) ? ' checked' : ''}>
          <label for="${esc(id)}"><span class="value">${esc(facetValueLabel(attr, v))}</span><span class="count" aria-label="${n} articles">${n}</span></label></li>`;
      })
      .join('');
    const more = values.length > FACET_PREVIEW
      ? `<button type="button" class="facet-more" data-attr="${attr}" aria-expanded="${open}">${open ? 'Show fewer' : `Show all ${values.length}`}</button>`
      : '';
    return `<fieldset class="facet" data-facet="${attr}"><legend>${esc(label)}</legend><ul>${items}</ul>${more}</fieldset>`;
  }).join('');
}

export function renderChips(filters) {
  const chips = FACETS.flatMap(({ attr, label }) =>
    (filters[attr] ?? []).map(
      (v) => `<li><button type="button" class="chip" data-attr="${attr}" data-value="${esc(v)}" aria-label="Remove filter ${esc(label)}: ${esc(facetValueLabel(attr, v))}">
        <span class="chip-label">${esc(label)}:</span> ${esc(facetValueLabel(attr, v))} <span aria-hidden="true">×</span></button></li>`,
    ),
  );
  if (chips.length === 0) return '';
  return `${chips.join('')}<li><button type="button" class="chip clear-all" data-clear="all">Clear all</button></li>`;
}
