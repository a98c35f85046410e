// A run's pages (GET /api/v1/sources/{id}/documents) and those it accepted but did not index
// (the audit counted over the run's pages). `h` builds elements, `api` calls the API.
const PAGE = 500;
let shown = 100;
let lostKey = '';

export function resetRunView() {
  shown = 100;
  lostKey = '';
}

/** Every page of the run up to `shown`, a route page at a time. */
async function runPages(api, id, runId) {
  const path = `/api/v1/sources/${encodeURIComponent(id)}/documents`;
  const first = await api('GET', `${path}?runId=${encodeURIComponent(runId)}&limit=${Math.min(PAGE, shown)}`);
  const documents = [...first.documents];
  let next = first.nextOffset;
  while (next !== null && documents.length < shown) {
    const page = await api('GET', `${path}?runId=${encodeURIComponent(runId)}&limit=${Math.min(PAGE, shown - documents.length)}&offset=${next}`);
    documents.push(...page.documents);
    next = page.nextOffset;
  }
  return { total: first.total, documents, more: next !== null };
}

function documentItem(h, d, finished) {
  // While the run is under way a fetched page is usually still on its way to the index.
  const note = finished || d.outcome === 'failed' ? '(not indexed)' : '(not indexed yet)';
  if (!d.indexed) return h('li', { 'data-outcome': d.outcome }, h('span', { class: 'outcome' }, d.outcome), ` ${d.url} `, h('em', {}, note));
  return h(
    'li',
    { 'data-outcome': d.outcome },
    h('span', { class: 'outcome' }, d.outcome),
    ' ',
    h('a', { href: `/archive/${encodeURIComponent(d.documentId)}`, class: 'document', 'data-document': d.documentId }, d.title || d.url),
    ' ',
    h('a', { href: `/api/v1/documents/${encodeURIComponent(d.documentId)}` }, 'JSON'),
    ' ',
    h('a', { href: d.canonicalUrl ?? d.url, rel: 'noopener noreferrer' }, 'original'),
  );
}

export async function renderRunDocuments(h, api, view, finished, el, onMore) {
  const runId = view.state.runId;
  if (!runId) {
    el.replaceChildren(h('li', {}, 'Not run yet.'));
    return;
  }
  const { total, documents, more } = await runPages(api, view.source.id, runId);
  const indexed = documents.filter((d) => d.indexed).length;
  const items = [h('li', { class: 'summary' }, `Run ${runId}: ${total} page${total === 1 ? '' : 's'}, ${indexed}${more ? '+' : ''} indexed.`), ...documents.map((d) => documentItem(h, d, finished))];
  if (more)
    items.push(
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              shown += 100;
              onMore();
            },
          },
          `Show more (${total - documents.length} left)`,
        ),
      ),
    );
  el.replaceChildren(...items);
}

/**
 * The run's pages accepted but not indexed, with their last error: a full audit, so only once the
 * run has finished and again when its counts move (a retry), not on every refresh.
 */
export async function renderLost(h, api, view, finished, el) {
  const st = view.state;
  if (!st.runId || !finished) {
    lostKey = '';
    el.replaceChildren(h('li', {}, 'Counted when the run has finished.'));
    return;
  }
  const key = `${st.runId}:${st.fetched}:${st.unchanged}:${st.failed}`;
  if (key === lostKey) return;
  const r = await api('GET', `/api/v1/audit?source=${encodeURIComponent(view.source.id)}&runId=${encodeURIComponent(st.runId)}&limit=100`);
  lostKey = key;
  el.dataset.lost = String(r.lost);
  el.replaceChildren(
    ...(r.lost === 0
      ? [h('li', {}, `None: of ${r.accepted} pages accepted, ${r.indexed} indexed, ${r.pending} pending, ${Object.values(r.ended).reduce((a, b) => a + b, 0)} ended by design.`)]
      : r.lostPages.map((p) =>
          h(
            'li',
            { 'data-url': p.url },
            h('code', {}, p.stage),
            ` ${p.url} – `,
            p.lastError ? h('span', {}, h('code', {}, p.lastError.code), ` ${p.lastError.message}`) : h('em', {}, 'no job failed: a hand-off was lost (ingest audit --repair)'),
          ),
        )),
  );
}
