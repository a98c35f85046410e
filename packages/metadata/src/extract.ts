import type { Document, Element } from 'domhandler';
import { scanDocument, textOf, type PageScan } from './dom.ts';
import { collectNodes, indexById, isArticleType, pickArticle, typesOf, type JsonObject } from './jsonld.ts';
import { MetaIndex } from './meta.ts';
import { ldAuthors, ldImage, ldKeywords, ldOrganizationAuthors, ldSiteName, ldString } from './ld-fields.ts';
import { dedupeNames, nameFromProfileUrl, splitAuthorString } from './authors.ts';
import { microdataAuthors, visibleBylineAuthors } from './byline.ts';
import { parseDate, type ParsedDate } from './dates.ts';
import { pickTitle, siteLabels, stripSiteName } from './title.ts';
import { absoluteUrl, clean, fold, uniqueBy } from './text.ts';
import { normaliseLanguage } from './language.ts';
import type { PageMetadata } from './types.ts';

interface Context {
  scan: PageScan;
  meta: MetaIndex;
  nodes: JsonObject[];
  byId: Map<string, JsonObject>;
  article: JsonObject | null;
  url: string;
}

/** Page metadata from one parsed DOM. Read-only: the DOM is not modified. */
export function extractMetadata(doc: Document, url: string): PageMetadata {
  const scan = scanDocument(doc);
  const nodes = collectNodes(scan.jsonLd);
  const byId = indexById(nodes);
  const ctx: Context = { scan, meta: new MetaIndex(scan.metas), nodes, byId, article: pickArticle(nodes, url), url };
  const siteName = extractSiteName(ctx);
  const published = pickDate(publishedCandidates(ctx));
  const modified = pickDate(modifiedCandidates(ctx));
  return {
    title: extractTitle(ctx, siteName),
    description: extractDescription(ctx),
    authors: extractAuthors(ctx, siteName),
    publishedAt: published?.iso ?? null,
    modifiedAt: modified?.iso ?? null,
    siteName,
    canonicalUrl: extractCanonical(ctx),
    section: extractSection(ctx),
    tags: extractTags(ctx),
    image: extractImage(ctx),
    language: extractLanguage(ctx),
    type: extractType(ctx),
  };
}

function ld(ctx: Context, key: string): unknown {
  return ctx.article?.[key];
}

function extractSiteName(ctx: Context): string | null {
  return ctx.meta.first('og:site_name', 'application-name', 'al:ios:app_name', 'apple-mobile-web-app-title', 'twitter:app:name:iphone') ?? ldSiteName(ctx.article, ctx.nodes, ctx.byId);
}

function extractTitle(ctx: Context, siteName: string | null): string | null {
  const { meta, scan } = ctx;
  const labels = siteLabels([siteName, ldSiteName(ctx.article, ctx.nodes, ctx.byId), ctx.meta.first('application-name')], ctx.url);
  const section = extractSection(ctx);
  const h1 = scan.h1s.map((h) => textOf(h, 500)).find((t) => t.length > 3);
  // weights: how often each source carries the plain headline on news sites
  const sources: [string | null | undefined, number][] = [
    [meta.first('og:title'), 3],
    [ldString(ld(ctx, 'headline')), 3],
    [meta.first('twitter:title'), 2],
    [meta.first('parsely-title', 'sailthru.title', 'dc.title', 'dcterms.title', 'title', 'headline'), 1],
    [itempropValue(scan.itemprops, 'headline'), 2],
    [h1, 2],
    [scan.titleTag ? clean(scan.titleTag) : null, 1],
    [ldString(ld(ctx, 'name')), 1],
  ];
  return pickTitle(sources.map(([t, w]) => [t ? stripSiteName(t, labels, section) : null, w]));
}

function extractDescription(ctx: Context): string | null {
  return ldString(ld(ctx, 'description')) ?? ctx.meta.first('og:description', 'description', 'twitter:description', 'dc.description', 'sailthru.description') ?? ldString(ld(ctx, 'alternativeHeadline'));
}

function extractAuthors(ctx: Context, siteName: string | null): string[] {
  const { meta, scan } = ctx;
  const structured: (() => string[])[] = [
    () => ldAuthorsOfPage(ctx),
    () => ldAuthors(ld(ctx, 'creator'), ctx.byId),
    () => microdataAuthors(scan.itemprops),
    () => metaAuthors(meta, siteLabels([siteName], ctx.url)),
  ];
  const visible = (): string[] => dedupeNames([...visibleBylineAuthors(nearHeadline(scan, scan.bylines)), ...visibleBylineAuthors(nearHeadline(scan, scan.textBylines))]).slice(0, 30);
  for (const source of structured) {
    const names = dedupeNames(source());
    if (names.length === 0) continue;
    // many CMSs put the newsroom in the author field while the visible byline names the journalist;
    // an agency (dpa, AP) credited as author is a real author, so only the site's own name is replaced
    const publisherNames = [siteName, ldSiteName(ctx.article, ctx.nodes, ctx.byId), ...ldOrganizationAuthors(ld(ctx, 'publisher'), ctx.byId), meta.first('publisher', 'article:publisher', 'dc.publisher')];
    const labels = siteLabels(publisherNames.map((p) => (p && !/^https?:/.test(p) ? p.replace(/\([^)]*\)/g, '') : null)), ctx.url);
    const isOrg = (n: string): boolean => isSiteName(n, labels);
    if (names.every(isOrg)) {
      // only a clear personal name may replace the structured value
      const people = visible().filter((n) => !isOrg(n) && isPersonName(n));
      if (people.length > 0) return people;
    }
    return names.slice(0, 30);
  }
  return visible();
}

/** The first meta key with a value speaks for the page, but a key naming a person beats one naming the site. */
/** Bylines right after the headline first (the article's own), then the rest in document order. */
function nearHeadline(scan: PageScan, els: Element[]): Element[] {
  const h1 = scan.h1s[0];
  const h1Pos = h1 ? (scan.order.get(h1) ?? 0) : 0;
  const pos = (e: Element): number => scan.order.get(e) ?? 0;
  return [...els.filter((e) => pos(e) > h1Pos).sort((a, b) => pos(a) - pos(b)), ...els.filter((e) => pos(e) <= h1Pos)];
}

/**
 * Some pages describe the same article in two JSON-LD blocks (CMS + SEO plugin) and only one
 * lists every author: take the longest author list among nodes for the same headline or URL.
 */
function ldAuthorsOfPage(ctx: Context): string[] {
  const main = ctx.article;
  if (!main) return [];
  const headline = ldString(main['headline']);
  let best = ldAuthors(main['author'], ctx.byId);
  for (const n of ctx.nodes) {
    if (n === main || !isArticleType(typesOf(n))) continue;
    const h = ldString(n['headline']);
    if (!headline || !h || fold(h) !== fold(headline)) continue;
    const names = ldAuthors(n['author'], ctx.byId);
    if (names.length > best.length) best = names;
  }
  return best;
}

function metaAuthors(meta: MetaIndex, labels: string[]): string[] {
  let fallback: string[] = [];
  for (const key of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'cxenseparse:author', 'twitter:creator']) {
    const out: string[] = [];
    for (const v of meta.all(key)) {
      if (/^https?:\/\//.test(v)) {
        const n = nameFromProfileUrl(v);
        if (n) out.push(n);
      } else if (!v.startsWith('@')) {
        out.push(...splitAuthorString(v));
      }
    }
    if (out.length === 0) continue;
    if (!out.every((n) => isSiteName(n, labels))) return out;
    if (fallback.length === 0) fallback = out;
  }
  return fallback;
}

const PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'bin', 'al', 'ibn', 'ter', 'zu']);

/** "Jane Doe", "Ursula von der Leyen": 2–5 words, each capitalised or a name particle. */
function isPersonName(n: string): boolean {
  const words = n.split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}/u.test(w) || PARTICLES.has(w)) && /^\p{Lu}/u.test(words[0]!);
}

function isSiteName(name: string, labels: string[]): boolean {
  const c = fold(name).replace(/\s+/g, '');
  return c.length > 0 && labels.some((l) => c.includes(l) || l.includes(c));
}

function itempropValue(itemprops: Element[], prop: string): string | null {
  for (const el of itemprops) {
    if (!(el.attribs['itemprop'] ?? '').split(/\s+/).includes(prop)) continue;
    const v = el.attribs['content'] ?? el.attribs['datetime'] ?? textOf(el, 500);
    const c = clean(v);
    if (c) return c;
  }
  return null;
}

function publishedCandidates(ctx: Context): unknown[] {
  const { meta, scan } = ctx;
  return [
    ld(ctx, 'datePublished'),
    ld(ctx, 'dateCreated'),
    ...meta.all('article:published_time', 'og:published_time', 'article:published', 'datepublished', 'parsely-pub-date', 'sailthru.date', 'publish-date', 'publishdate', 'publish_date', 'pubdate', 'date', 'dc.date', 'dc.date.issued', 'dcterms.date', 'dcterms.issued', 'dcterms.created', 'dc.date.created', 'article.published', 'cxenseparse:recs:publishtime', 'og:article:published_time', 'bt:pubdate', 'release_date', 'originalpublicationdate', 'displaydate', 'last-modified'),
    itempropValue(scan.itemprops, 'datePublished'),
    ...timeElements(scan.times),
    ...visibleDates(scan),
    urlDate(ctx.url),
  ];
}

function modifiedCandidates(ctx: Context): unknown[] {
  return [
    ld(ctx, 'dateModified'),
    ...ctx.meta.all('article:modified_time', 'og:updated_time', 'article:modified', 'datemodified', 'dc.date.modified', 'dcterms.modified', 'last-modified', 'lastmod'),
    itempropValue(ctx.scan.itemprops, 'dateModified'),
  ];
}

/** <time datetime>: an explicit publish marker first, then the first one in document order. */
function timeElements(times: Element[]): string[] {
  const marked = times.filter((t) => 'pubdate' in t.attribs || /publish|datepublished|created/i.test(`${t.attribs['class'] ?? ''} ${t.attribs['itemprop'] ?? ''}`));
  return uniqueBy([...marked, ...times.slice(0, 1)], (t) => String(times.indexOf(t))).map((t) => t.attribs['datetime'] ?? textOf(t, 100));
}

/** Date lines near the headline ("28.04.2023", "Do 25.04.24 | 14:07 Uhr"); the first that parses. */
function visibleDates(scan: PageScan): string[] {
  for (const el of [...scan.dateLabels.slice(0, 5), ...nearHeadline(scan, scan.dateLines).slice(0, 30)]) {
    const text = textOf(el, 200);
    if (text.length > 0 && text.length <= 120 && parseDate(text)) return [text];
  }
  return [];
}

function urlDate(url: string): string | null {
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|-|$)/.exec(url) ?? /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})[/_.-]/.exec(url);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

/**
 * Most trusted date wins, but a later source may add precision the first lacks
 * (date-only JSON-LD next to a full article:published_time for the same day).
 */
function pickDate(candidates: unknown[]): ParsedDate | null {
  const parsed = candidates.map(parseDate).filter((d): d is ParsedDate => d !== null);
  const first = parsed[0];
  if (!first) return null;
  if (first.hasTime && first.hasZone) return first;
  const richer = parsed.find((d) => d.day === first.day && d.hasTime && (d.hasZone || !first.hasTime));
  return richer ?? first;
}

function extractCanonical(ctx: Context): string | null {
  const link = ctx.scan.links.find((l) => l.rel.split(/\s+/).includes('canonical'));
  return absoluteUrl(link?.href ?? ctx.meta.first('og:url') ?? ldString(ld(ctx, 'url')), ctx.url);
}

function extractSection(ctx: Context): string | null {
  return ldString(ld(ctx, 'articleSection')) ?? ctx.meta.first('article:section', 'parsely-section', 'section', 'sailthru.section', 'cxenseparse:recs:category', 'og:section', 'category');
}

function extractTags(ctx: Context): string[] {
  const fromLd = ldKeywords(ld(ctx, 'keywords'));
  const fromMeta = ctx.meta.all('article:tag', 'news_keywords', 'keywords', 'parsely-tags', 'sailthru.tags').flatMap((v) => v.split(/\s*[,;]\s*/));
  const all = (fromLd.length > 0 ? fromLd : fromMeta).map((t) => t.trim()).filter((t) => t.length > 0 && t.length <= 80);
  return uniqueBy(all, (t) => t.toLowerCase()).slice(0, 40);
}

function extractImage(ctx: Context): PageMetadata['image'] {
  const fromLd = ldImage(ld(ctx, 'image'), ctx.byId, ctx.url);
  if (fromLd) return fromLd;
  const url = absoluteUrl(ctx.meta.first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), ctx.url);
  if (!url) return null;
  return { url, caption: ctx.meta.first('og:image:alt', 'twitter:image:alt'), credit: null };
}

function extractLanguage(ctx: Context): string | null {
  const candidates = [
    ctx.scan.htmlLang,
    ctx.meta.first('content-language', 'language', 'dc.language'),
    ctx.meta.first('og:locale'),
    ldString(ld(ctx, 'inLanguage')),
  ];
  for (const c of candidates) {
    const lang = normaliseLanguage(c);
    if (lang) return lang;
  }
  return null;
}

function extractType(ctx: Context): string | null {
  const t = ctx.article ? typesOf(ctx.article)[0] : undefined;
  return t ?? ctx.meta.first('og:type');
}

