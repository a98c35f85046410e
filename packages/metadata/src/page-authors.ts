/** Choosing the page's authors among structured data, meta tags and visible bylines. */
import { ld, nearHeadline, type Context } from './context.ts';
import { isArticleType, typesOf } from './jsonld.ts';
import type { MetaIndex } from './meta.ts';
import { ldAuthors, ldOrganizationAuthors, ldSiteName, ldString } from './ld-fields.ts';
import { dedupeNames, isPersonName, nameFromProfileUrl, splitAuthorString } from './authors.ts';
import { signOffAuthors } from './sign-off.ts';
import { microdataAuthors, visibleBylineAuthors } from './byline.ts';
import { siteLabels } from './title.ts';
import { fold } from './text.ts';

export function extractAuthors(ctx: Context, siteName: string | null): string[] {
  const { meta, scan } = ctx;
  const structured: (() => string[])[] = [
    () => ldAuthorsOfPage(ctx),
    () => ldAuthors(ld(ctx, 'creator'), ctx.byId),
    () => microdataAuthors(scan.itemprops),
    () => metaAuthors(meta, siteLabels([siteName], ctx.url)),
  ];
  const visible = (): string[] =>
    dedupeNames([...visibleBylineAuthors(nearHeadline(scan, scan.bylines, ctx.url)), ...visibleBylineAuthors(nearHeadline(scan, scan.textBylines, ctx.url))]).slice(0, 30);
  for (const source of structured) {
    const names = dedupeNames(source());
    if (names.length === 0) continue;
    // many CMSs put the newsroom (or the editor's login) in the author field while the visible byline
    // names the journalist; an agency (dpa, AP) credited as author is a real author, so only the
    // site's own name and account names are replaced
    const publisherNames = [
      siteName,
      ldSiteName(ctx.article, ctx.nodes, ctx.byId),
      ...ldOrganizationAuthors(ld(ctx, 'publisher'), ctx.byId),
      meta.first('publisher', 'article:publisher', 'dc.publisher'),
    ];
    const labels = siteLabels(
      publisherNames.map((p) => (p && !/^https?:/.test(p) ? p.replace(/\([^)]*\)/g, '') : null)),
      ctx.url,
    );
    const isOrg = (n: string): boolean => isSiteName(n, labels);
    if (names.every((n) => isOrg(n) || isAccountName(n))) {
      // only a clear personal name may replace the structured value
      const people = visible().filter((n) => !isOrg(n) && isPersonName(n));
      if (people.length > 0) return people;
      const signed = signOffAuthors(scan.articles).filter((n) => !isOrg(n));
      if (signed.length > 0) return signed;
    }
    return names.slice(0, 30);
  }
  const names = visible();
  return names.length > 0 ? names : signOffAuthors(scan.articles);
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

/** The first meta key with a value speaks for the page, but a key naming a person beats one naming the site. */
function metaAuthors(meta: MetaIndex, labels: string[]): string[] {
  let fallback: string[] = [];
  for (const key of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'cxenseparse:author', 'dcsext.author', 'twitter:creator']) {
    const out: string[] = [];
    for (const v of meta.all(key)) {
      if (/^https?:\/\//.test(v)) {
        const n = nameFromProfileUrl(v);
        if (n) out.push(n);
      } else if (!v.startsWith('@')) {
        // the site's name as the author is one name, '&' and all ('Smith & Sons')
        out.push(...(labels.includes(fold(v).replace(/\s+/g, '')) ? [v] : splitAuthorString(v)));
      }
    }
    if (out.length === 0) continue;
    if (!out.every((n) => isSiteName(n, labels))) return out;
    if (fallback.length === 0) fallback = out;
  }
  return fallback;
}

/** A login shown where a name belongs ("CC7567", "jane_doe"): one token with a digit or an underscore. */
function isAccountName(n: string): boolean {
  return !/\s/.test(n) && /[\d_]/.test(n);
}

function isSiteName(name: string, labels: string[]): boolean {
  const c = fold(name).replace(/\s+/g, '');
  return c.length > 0 && labels.some((l) => c.includes(l) || l.includes(c));
}
