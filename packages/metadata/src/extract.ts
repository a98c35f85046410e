import type { Document } from 'domhandler';
import { itempropValue, ld, type Context } from './context.ts';
import { scanDocument } from './dom.ts';
import { collectNodes, indexById, pickArticle, typesOf } from './jsonld.ts';
import { MetaIndex } from './meta.ts';
import { ldImage, ldKeywords, ldSiteName, ldString } from './ld-fields.ts';
import { extractAuthors } from './page-authors.ts';
import { extractDates } from './page-dates.ts';
import { isSiteLabel, siteLabelMatch, pickTitle, siteLabels, stripSiteName, titleAffixes, type SiteAffix, type TitleCandidate } from './title.ts';
import { headTitles } from './head.ts';
import { restoreTruncated } from './truncated-title.ts';
import { isHomeLinkHeading } from './home-link.ts';
import { inlineText } from './headline.ts';
import { sameTitle, visibleHeadline } from './visible-headline.ts';
import { absoluteUrl, clean, fold, uniqueBy } from './text.ts';
import { normaliseLanguage } from './language.ts';
import type { PageMetadata } from './types.ts';
import { extractAccess, parseRobots } from './access.ts';

export interface MetadataOptions {
  /** Title segments the host's other pages share (learned across pages): stripped like a site name. */
  isSiteAffix?: SiteAffix;
}

/** Page metadata from one parsed DOM. Read-only: the DOM is not modified. */
export function extractMetadata(doc: Document, url: string, options: MetadataOptions = {}): PageMetadata {
  const scan = scanDocument(doc);
  const nodes = collectNodes(scan.jsonLd);
  const byId = indexById(nodes);
  const ctx: Context = { scan, meta: new MetaIndex(scan.metas), nodes, byId, article: pickArticle(nodes, url), url };
  const siteName = extractSiteName(ctx);
  const { published, modified } = extractDates(ctx);
  return {
    title: extractTitle(ctx, siteName, options.isSiteAffix),
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
    access: extractAccess(ctx),
    robots: parseRobots(ctx.meta.all('robots')),
  };
}

function extractSiteName(ctx: Context): string | null {
  return (
    ctx.meta.first('og:site_name') ?? applicationName(ctx) ?? ctx.meta.first('al:ios:app_name', 'apple-mobile-web-app-title', 'twitter:app:name:iphone') ?? ldSiteName(ctx.article, ctx.nodes, ctx.byId)
  );
}

/**
 * Some CMSs fill application-name with the page's <title>: a name of more words than a site's
 * that repeats the <title> names no site (a short one may: the <title> of a page that is only the site).
 */
function applicationName(ctx: Context): string | null {
  const name = ctx.meta.first('application-name');
  if (!name) return null;
  const title = ctx.scan.titleTag ? clean(ctx.scan.titleTag) : null;
  return title && sameTitle(title, name) && name.split(/\s+/).length > MAX_SITE_NAME_WORDS ? null : name;
}

const MAX_SITE_NAME_WORDS = 5;
/** The site's own heading is in the page header, among the first. */
const MAX_SITE_HEADINGS = 3;

function extractTitle(ctx: Context, siteName: string | null, affix: SiteAffix | undefined): string | null {
  const { meta, scan } = ctx;
  const siteHeadings = [...scan.h1s.slice(0, MAX_SITE_HEADINGS), ...scan.h2s].filter((h) => isHomeLinkHeading(h, ctx.url));
  // a site without og:site_name still names itself: in the heading that links home
  const headedName = siteHeadings.length > 0 ? inlineText(siteHeadings[0]!) : null;
  const labels = siteLabels([siteName, ldSiteName(ctx.article, ctx.nodes, ctx.byId), applicationName(ctx), headedName], ctx.url);
  const section = extractSection(ctx);
  // weights: how often each source carries the plain headline on news sites; `page`: read from
  // the visible markup (microdata is usually the h1 itself), so it cannot confirm the h1
  const sources: { text: string | null | undefined; weight: number; page?: boolean }[] = [
    { text: meta.first('og:title'), weight: 4 },
    { text: ldString(ld(ctx, 'headline')), weight: 3 },
    { text: meta.first('twitter:title'), weight: 2 },
    { text: meta.first('parsely-title', 'sailthru.title', 'dc.title', 'dcterms.title', 'title', 'headline'), weight: 1 },
    { text: itempropValue(scan.itemprops, 'headline'), weight: 2, page: true },
    { text: scan.titleTag ? clean(scan.titleTag) : null, weight: 1 },
    { text: ldString(ld(ctx, 'name')), weight: 1 },
  ];
  const weighed: TitleCandidate[] = sources.map(({ text, weight }) => {
    const title = text ? stripSiteName(text, labels, section, affix) : null;
    // an og:title or <title> that is only the site's name is no headline (stripping a name such as
    // 'Union of Examples - UoE' may leave a piece of it that is too short to match a label)
    const siteOnly = !!title && (isSiteLabel(title, labels) || siteLabelMatch(text!, labels) === 'named');
    return { title, weight: siteOnly ? weight / 10 : weight, raw: text ?? null };
  });
  const [og, ldHeadline, twitter, otherMeta, , titleTag] = weighed as [TitleCandidate, TitleCandidate, TitleCandidate, TitleCandidate, TitleCandidate, TitleCandidate];
  ldHeadline.editorial = true;
  countSeoTitleOnce(og, twitter, titleTag, otherMeta);
  // stripped first: a joined kicker is taken in the metadata's wording without the site's name
  const metaTitles = [...new Set(weighed.flatMap((c, i) => (sources[i]!.page ? [] : [c.title, c.raw])).filter((t): t is string => !!t))];
  const editorial = [ldHeadline.title, ldHeadline.raw].filter((t): t is string => !!t);
  const heading = visibleHeadline(scan, metaTitles, editorial, labels, siteHeadings);
  if (heading) {
    const weight = sharesWords(heading.text, metaTitles) ? 2 : 0.5;
    // without labels only a date set off as a segment goes ("23.01.2022 - Headline"): a dated
    // heading would otherwise outvote the metadata titles that lose the date with the site's name
    weighed.splice(5, 0, { title: stripSiteName(heading.text, []), weight, raw: heading.text, visible: heading.kickerOut ? 'kicker-out' : true });
  }
  restoreTruncated(weighed);
  return pickTitle(weighed);
}

/**
 * og:title, twitter:title and <title> all one string (and any other meta title with it): the CMS's
 * SEO title copied into every tag, so one vote (og:title's); counted three times it outvotes the
 * headline the page shows and its JSON-LD states, which an editor wrote. (og and twitter alone
 * agreeing, against a <title> that follows the headline, are a social title written on purpose.)
 */
function countSeoTitleOnce(og: TitleCandidate, twitter: TitleCandidate, title: TitleCandidate, otherMeta: TitleCandidate): void {
  const copy = (c: TitleCandidate): boolean => !!c.title && !!og.title && sameTitle(c.title, og.title);
  if (!copy(twitter) || !copy(title)) return;
  for (const c of [twitter, title, otherMeta]) if (copy(c)) c.weight = 0;
}

/** An h1 sharing under half its words with every metadata title is a section or site heading. */
function sharesWords(h1: string, metaTitles: string[]): boolean {
  if (metaTitles.length === 0) return true;
  const words = fold(h1).split(' ').filter(Boolean);
  return metaTitles.some((m) => {
    const other = new Set(fold(m).split(' '));
    return words.filter((w) => other.has(w)).length * 2 >= words.length;
  });
}

/** The affix candidates of this page's <title> and og:title, for per-host affix learning. */
export function pageTitleAffixes(doc: Document): string[] {
  const scan = headTitles(doc);
  return [...new Set(scan.flatMap(titleAffixes))];
}

function extractDescription(ctx: Context): string | null {
  return (
    ldString(ld(ctx, 'description')) ?? ctx.meta.first('og:description', 'description', 'twitter:description', 'dc.description', 'sailthru.description') ?? ldString(ld(ctx, 'alternativeHeadline'))
  );
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
  const candidates = [ctx.scan.htmlLang, ctx.meta.first('content-language', 'language', 'dc.language'), ctx.meta.first('og:locale'), ldString(ld(ctx, 'inLanguage'))];
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
