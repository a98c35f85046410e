import type { Document } from 'domhandler';
import type { Block, ExtractedArticle, ExtractOptions } from './types.ts';
import type { PageTable } from './walk.ts';
import { walk } from './walk.ts';
import { blockFingerprint, normaliseText } from './fingerprint.ts';
import { excludedElements, measure } from './score.ts';
import { inRanges, runPass } from './body.ts';
import { buildBlocks } from './blocks.ts';
import { toMarkdown } from './markdown.ts';
import { collectLinks, pageBase, resolveAnchors } from './links.ts';
import { findTeasers } from './teasers.ts';
import { collectImages } from './images.ts';
import { extractionConfidence } from './confidence.ts';

// Orchestration: walk once, decide what is boilerplate, pick the content subtrees, filter their
// blocks, and derive the by-products (related teasers, links, images) from the same arrays.
// The Document is never mutated, so metadata extractors may read it before or after us.

/** Below this many body chars the class/id exclusions are distrusted and a pass without them is tried. */
const MIN_TEXT = 500;

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

/** Text a whole-<body> fallback must hold to count as an article (a couple of sentences). */
const FALLBACK_MIN_CHARS = 200;

/** Characters, a Han/kana/hangul one counting as three: it carries about a word. */
function weightedLength(s: string): number {
  const cjk = s.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return s.length + 2 * cjk;
}

export function emptyArticle(reason: string, parseMs = 0, extractMs = 0): ExtractedArticle {
  return {
    title: '',
    text: '',
    blocks: [],
    markdown: '',
    images: [],
    related: [],
    links: [],
    boilerplateFingerprints: [],
    keptFingerprints: [],
    confidence: 0,
    reason,
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
  let pass = runPass(t, include, templ, titleFp, raw);
  if (pass.len < MIN_TEXT) {
    // Hints can be wrong (e.g. the article inside class="post-sidebar-layout"): retry without them.
    const relaxed = runPass(t, allInc, templ, titleFp, raw);
    if (relaxed.len > pass.len * 1.5 + 50) pass = relaxed;
  }
  const keptOwners = new Set<number>();
  for (const k of pass.kept) keptOwners.add(atoms[k]!.owner);
  const inBody = (el: number): boolean => keptOwners.has(t.blockOwner[el]!);
  const headingText = new Map<number, string>();
  for (const a of atoms) if (a.owner >= 0 && t.heading[a.owner]! > 0 && /^h[1-6]$/.test(t.tag[a.owner]!)) headingText.set(a.owner, a.text);
  const related = findTeasers(t, resolved, inBody, headingText, url);

  let kept = pass.kept;
  if (related.length > 0) {
    // A teaser title never appears in the body, even where the body container repeats it.
    const teaserFps = new Set(related.map((r) => blockFingerprint(r.title)));
    kept = kept.filter((k) => !teaserFps.has(atoms[k]!.fp) || atoms[k]!.fp === titleFp);
  }

  const roots = pass.sel?.roots ?? [];
  const rootMin = roots.length > 0 ? roots[0]! : 0;
  let blocks = buildBlocks(t, kept, rootMin);
  // A page with no paragraph to vote for a container and only a line or two of text is a hub, a
  // stub or a form, not an article: the pipeline must not index "Visit 1" from a link page.
  if (pass.sel?.fallback === true && blocks.reduce((a, b) => a + weightedLength(b.text), 0) < FALLBACK_MIN_CHARS) blocks = [];
  if (t.ldJson.length > 0 && blocks.length > 0) blocks = withDeclaredBody(t, blocks);
  const text = blocks.map((b) => b.text).join('\n\n');
  const articleEl = pass.sel ? enclosingArticle(t, pass.sel.top) : -1;
  const images = collectImages(t, (el) => (inRanges(t, roots, el) || (articleEl >= 0 && el > articleEl && el < t.end[articleEl]!)) && !(ex[el] === 1), base);
  const links = collectLinks(t, resolved);
  let keptLen = 0;
  let keptLinkLen = 0;
  for (const k of kept) {
    keptLen += atoms[k]!.len;
    keptLinkLen += atoms[k]!.linkLen;
  }
  let containerLen = 0;
  for (const r of roots) containerLen += raw.tl[r]!;
  const confidence =
    text === ''
      ? 0
      : extractionConfidence({
          blocks,
          text,
          keptLen,
          keptLinkLen,
          containerLen,
          title,
          metaTitle: options.metadata?.title ?? (t.metaTitle || t.titleTag),
          metaDescription: options.metadata?.description,
          timedOut: t.timedOut,
        });
  const out: ExtractedArticle = {
    title,
    text,
    blocks,
    markdown: toMarkdown(blocks),
    images,
    related,
    links,
    boilerplateFingerprints: [...fps],
    keptFingerprints: [...new Set(kept.map((k) => atoms[k]!.fp))],
    confidence,
    stats: {
      blocksRemovedInPage: n - removedByTemplate - kept.length,
      blocksRemovedByTemplate: removedByTemplate,
      parseMs,
      extractMs: performance.now() - t0,
    },
  };
  if (t.timedOut) out.reason = 'timeout';
  else if (text === '') out.reason = 'no-article';
  return out;
}

/**
 * Paywalled and app-rendered pages often show a teaser paragraph while their schema.org data
 * (`articleBody` in JSON-LD) declares the whole text. When that text begins the same way as what
 * the page shows and is far longer, it is the article; it replaces the teaser.
 */
const DECLARED_MIN = 500;
const DECLARED_RATIO = 2;
const DECLARED_PREFIX = 80;

function withDeclaredBody(t: PageTable, blocks: Block[]): Block[] {
  const shown = normaliseText(blocks.map((b) => b.text).join(' '));
  let declared = '';
  for (const src of t.ldJson) {
    if (!src.includes('articleBody')) continue;
    let data: unknown;
    try {
      data = JSON.parse(src);
    } catch {
      continue;
    }
    const body = findArticleBody(data, 0);
    if (body.length > declared.length) declared = body;
  }
  // Markup inside the string would need a parser of its own; such bodies are left alone.
  if (declared.length < Math.max(DECLARED_MIN, shown.length * DECLARED_RATIO) || /<\/?[a-z][^>]*>/i.test(declared)) return blocks;
  if (!normaliseText(declared).includes(shown.slice(0, DECLARED_PREFIX))) return blocks;
  const paras = declared
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  return paras.map((p) => ({ type: 'paragraph', text: p, fingerprint: blockFingerprint(p) }));
}

function findArticleBody(v: unknown, depth: number): string {
  if (depth > 6 || v === null || typeof v !== 'object') return '';
  let best = '';
  if (Array.isArray(v)) {
    for (const x of v) {
      const b = findArticleBody(x, depth + 1);
      if (b.length > best.length) best = b;
    }
    return best;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const b = k === 'articleBody' && typeof x === 'string' ? x : findArticleBody(x, depth + 1);
    if (b.length > best.length) best = b;
  }
  return best;
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
