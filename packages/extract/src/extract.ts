import type { Document } from 'domhandler';
import type { ExtractedArticle, ExtractOptions } from './types.ts';
import type { PageTable } from './walk.ts';
import { walk } from './walk.ts';
import { blockFingerprint, normaliseText } from './fingerprint.ts';
import { chooseRoots, excludedElements, measure } from './score.ts';
import type { Selection } from './score.ts';
import { buildBlocks } from './blocks.ts';
import { toMarkdown } from './markdown.ts';
import { collectLinks, pageBase, resolveAnchors } from './links.ts';
import { findTeasers } from './teasers.ts';
import { collectImages } from './images.ts';
import { isCallToAction, isCredit, isDateLine, isLeadIn, isStrayLabel } from './filters.ts';

// Orchestration: walk once, decide what is boilerplate, pick the content subtrees, filter their
// blocks, and derive the by-products (related teasers, links, images) from the same arrays.
// The Document is never mutated, so metadata extractors may read it before or after us.

const MIN_TEXT = 250;
const DIS = process.env.DIS ?? '';
const THIN = Number(process.env.THIN ?? 100);
const STRAY_NEXT = Number(process.env.STRAY_NEXT ?? 150);

interface Pass {
  sel: Selection | undefined;
  kept: number[];
  len: number;
  removed: number;
}

function inRanges(t: PageTable, roots: number[], el: number): boolean {
  for (const r of roots) if (el >= r && el < t.end[r]!) return true;
  return false;
}

// Why an atom inside the content subtrees was dropped; 'link' removals (navigation, teaser lists)
// also take the heading that announced them.
const KEEP = 0;
const DROP_SOFT = 1; // captions, credits, dates: do not say anything about neighbours
const DROP_LINK = 2; // link-heavy or template region
const DROP_STRAY = 3; // short label; kept after all when it introduces a paragraph (bold pseudo-heading)

function runPass(t: PageTable, include: Uint8Array, templ: Uint8Array, titleFp: string): Pass {
  const m = measure(t, include);
  const sel = chooseRoots(t, include, m);
  const kept: number[] = [];
  let len = 0;
  let removed = 0;
  if (sel === undefined) return { sel, kept, len, removed };
  const seen = new Set<string>();
  let titleDropped = false;
  const atoms = t.atoms;
  const body: number[] = [];
  const state: number[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.owner < 0 || !inRanges(t, sel.roots, a.owner)) continue;
    if (templ[k] === 1) continue;
    body.push(k);
    const o = a.owner;
    const isHeading = t.heading[o]! > 0;
    if (include[k] === 0 || (a.linkLen > a.len * 0.5 && t.tag[o] !== 'pre')) {
      state.push(DROP_LINK);
    } else if (seen.has(a.fp)) {
      state.push(DROP_LINK);
    } else if (isHeading && !titleDropped && a.fp === titleFp) {
      // The headline is returned as `title`; repeating it as the first block duplicates it.
      titleDropped = true;
      state.push(DROP_SOFT);
    } else if ((!DIS.includes('cap') && t.caption[o]! >= 0 && t.tag[t.caption[o]!] === 'figcaption') || (!DIS.includes('credit') && isCredit(a.text)) || (!DIS.includes('date') && isDateLine(a.text))) {
      // Captions belong to `images`; credits and datelines are metadata, not body text.
      state.push(DROP_SOFT);
    } else if (!DIS.includes('stray') && !isHeading && t.item[o]! < 0 && t.table[o]! < sel.roots[0]! && isStrayLabel(a.text)) {
      state.push(DROP_STRAY);
    } else {
      seen.add(a.fp);
      state.push(KEEP);
    }
  }
  for (let j = 0; j < body.length; j++) {
    if (state[j] !== DROP_STRAY) continue;
    const next = j + 1 < body.length ? j + 1 : -1;
    state[j] = next >= 0 && state[next] === KEEP && atoms[body[next]!]!.len >= STRAY_NEXT && !DIS.includes('strayx') ? KEEP : DROP_SOFT;
  }
  // A heading or "Read also:" line whose section was removed as links goes with it.
  for (let j = 0; j < body.length; j++) {
    if (state[j] !== KEEP) continue;
    const a = atoms[body[j]!]!;
    if (DIS.includes('lead') || !isLeadIn(a.text, t.heading[a.owner]! > 0)) continue;
    let next = j + 1;
    while (next < body.length && state[next] === DROP_SOFT) next++;
    if (next >= body.length || state[next] === DROP_LINK) state[j] = DROP_LINK;
  }
  // A heading whose section lost its links and kept almost nothing ("More on this topic" + one
  // stray line) is a template box, not a chapter of the article.
  if (!DIS.includes('thin')) {
    for (let j = 0; j < body.length; j++) {
      if (state[j] !== KEEP) continue;
      const h = t.heading[atoms[body[j]!]!.owner]!;
      if (h === 0) continue;
      let keptLen = 0;
      let links = 0;
      let e = j + 1;
      for (; e < body.length; e++) {
        const b = atoms[body[e]!]!;
        const hb = t.heading[b.owner]!;
        if (hb > 0 && hb <= h && state[e] === KEEP) break;
        if (state[e] === KEEP) keptLen += b.len;
        else if (state[e] === DROP_LINK) links++;
      }
      if (links > 0 && keptLen < THIN) for (let x = j; x < e; x++) if (state[x] === KEEP) state[x] = DROP_LINK;
    }
  }
  // Calls to action only count after the last substantial paragraph: inside the article the same
  // words (Facebook, newsletter) are often the topic.
  if (!DIS.includes('cta')) {
    for (let j = body.length - 1; j >= 0; j--) {
      if (state[j] !== KEEP) continue;
      const a = atoms[body[j]!]!;
      const cta = isCallToAction(a.text);
      if (a.len >= 100 && !cta) break;
      if (cta && t.heading[a.owner] === 0) state[j] = DROP_SOFT;
    }
  }
  if (process.env.DEBUGSNIP) for (let j = 0; j < body.length; j++) if (atoms[body[j]!]!.text.includes(process.env.DEBUGSNIP)) console.log('DEBUG', state[j], atoms[body[j]!]!.text.slice(0, 80));
  for (let j = 0; j < body.length; j++) {
    if (state[j] === KEEP) {
      kept.push(body[j]!);
      len += atoms[body[j]!]!.len;
    } else removed++;
  }
  return { sel, kept, len, removed };
}

function pickTitle(t: PageTable, include: Uint8Array): string {
  const meta = normaliseText(t.metaTitle || t.titleTag);
  let first = '';
  for (let k = 0; k < t.atoms.length; k++) {
    const a = t.atoms[k]!;
    if (a.owner < 0 || t.tag[a.owner] !== 'h1') continue;
    const n = normaliseText(a.text);
    if (n.length > 0 && meta.includes(n)) return a.text.replace(/\s+/g, ' ');
    if (!first && include[k] === 1) first = a.text.replace(/\s+/g, ' ');
  }
  if (first) return first;
  if (t.metaTitle) return t.metaTitle;
  // "<Headline> | <Site>": keep the longest part.
  const parts = t.titleTag.split(/\s+[|\-–—·»:]\s+/);
  let best = t.titleTag;
  if (parts.length > 1) best = parts.reduce((x, y) => (y.length > x.length ? y : x), '');
  return best.trim();
}

export function emptyArticle(reason: string, parseMs = 0, extractMs = 0): ExtractedArticle {
  return {
    title: '', text: '', blocks: [], markdown: '', images: [], related: [], links: [], boilerplateFingerprints: [], reason,
    stats: { blocksRemovedInPage: 0, blocksRemovedByTemplate: 0, parseMs, extractMs },
  };
}

export function extractFromDocument(doc: Document, url: string, options: ExtractOptions, parseMs: number, start: number): ExtractedArticle {
  const t0 = performance.now();
  const budget = options.timeBudgetMs ?? 2000;
  const t = walk(doc, start + budget);
  const atoms = t.atoms;
  const n = atoms.length;
  const templ = new Uint8Array(n);
  const allInc = new Uint8Array(n);
  const hook = options.isBoilerplate;
  const fps = new Set<string>();
  let removedByTemplate = 0;
  for (let k = 0; k < n; k++) {
    const a = atoms[k]!;
    a.fp = blockFingerprint(a.text);
    fps.add(a.fp);
    if (hook !== undefined && hook(a.fp)) {
      templ[k] = 1;
      removedByTemplate++;
    } else allInc[k] = 1;
  }

  const raw = measure(t, allInc);
  let total = 0;
  for (let k = 0; k < n; k++) if (allInc[k] === 1) total += atoms[k]!.len;
  const ex = excludedElements(t, raw, total);
  const include = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const o = atoms[k]!.owner;
    include[k] = allInc[k] === 1 && !(o >= 0 && ex[o] === 1) ? 1 : 0;
  }

  const title = pickTitle(t, include);
  const titleFp = title ? blockFingerprint(title) : '';
  const base = pageBase(url, t.baseHref);
  const resolved = resolveAnchors(t, base);

  // Teasers are found against a first selection, then their titles are kept out of the body.
  let pass = runPass(t, include, templ, titleFp);
  if (pass.len < MIN_TEXT) {
    // Hints can be wrong (e.g. the article inside class="post-sidebar-layout"): retry without them.
    const relaxed = runPass(t, allInc, templ, titleFp);
    if (relaxed.len > pass.len * 1.5 + 50) pass = relaxed;
  }
  const keptOwners = new Set<number>();
  for (const k of pass.kept) keptOwners.add(atoms[k]!.owner);
  const inBody = (el: number): boolean => keptOwners.has(t.blockOwner[el]!);
  const headingText = new Map<number, string>();
  for (const a of atoms) if (a.owner >= 0 && /^h[1-6]$/.test(t.tag[a.owner]!)) headingText.set(a.owner, a.text);
  const related = findTeasers(t, resolved, inBody, headingText, url);

  let kept = pass.kept;
  let removedInPage = pass.removed;
  if (related.length > 0) {
    const teaserFps = new Set(related.map((r) => blockFingerprint(r.title)));
    const before = kept.length;
    kept = kept.filter((k) => !teaserFps.has(atoms[k]!.fp) || atoms[k]!.fp === titleFp);
    removedInPage += before - kept.length;
  }

  const roots = pass.sel?.roots ?? [];
  const rootMin = roots.length > 0 ? roots[0]! : 0;
  const blocks = buildBlocks(t, kept, rootMin);
  const text = blocks.map((b) => b.text).join('\n\n');
  const articleEl = pass.sel ? enclosingArticle(t, pass.sel.top) : -1;
  const images = collectImages(
    t,
    (el) => (inRanges(t, roots, el) || (articleEl >= 0 && el > articleEl && el < t.end[articleEl]!)) && !(ex[el] === 1),
    base,
  );
  const links = collectLinks(t, resolved);
  const out: ExtractedArticle = {
    title,
    text,
    blocks,
    markdown: toMarkdown(blocks),
    images,
    related,
    links,
    boilerplateFingerprints: [...fps],
    stats: {
      blocksRemovedInPage: n - removedByTemplate - kept.length,
      blocksRemovedByTemplate: removedByTemplate,
      parseMs,
      extractMs: performance.now() - t0,
    },
  };
  void removedInPage;
  if (t.timedOut) out.reason = 'timeout';
  else if (text === '') out.reason = 'no-article';
  return out;
}

/** The <article>/<main> around the chosen content: its lead image often sits outside the text container. */
function enclosingArticle(t: PageTable, top: number): number {
  for (let e = top, d = 0; e >= 0 && d < 6; e = t.parent[e]!, d++) {
    const tg = t.tag[e];
    if (tg === 'article' || tg === 'main') return e;
    if (tg === 'body') break;
  }
  return -1;
}
