// A generated news site spread over loopback hosts: per host a home page, paginated section
// listings and articles with real bodies (news-corpus.ts), each article wrapped in the host's own
// template with the repeated sidebars real sites have ("Related articles", "Popular", "Editor's
// choice"), so template learning and teaser removal have work to do. Deterministic: the fixture
// server child and the in-process page-work measurement render the same bytes.
import { loadNewsCorpus, type SourceArticle } from './news-corpus.ts';

export const SECTIONS = ['politics', 'business', 'world', 'culture', 'science', 'sport'];
const SITE_NAMES = [
  'The Harbour Gazette',
  'Northern Courier',
  'Daily Ledger',
  'Valley Times',
  'Metro Bulletin',
  'The Evening Post',
  'Coastline News',
  'Capital Observer',
  'The Morning Star',
  'Riverside Herald',
  'Highland Chronicle',
  'Union Tribune',
  'Lakeside Journal',
  'The Weekly Review',
  'Central Express',
  'Bay Reporter',
];
const PER_LISTING = 30;
const TITLE_VARIANTS = ['', 'Analysis: ', 'Explained: ', 'Live: ', 'Opinion: ', 'Update: ', 'In depth: ', 'Briefing: '];

export interface HostPlan {
  index: number;
  /** 127.0.0.x */
  address: string;
  siteName: string;
  articles: number;
  /** Listing pages per section (page 1 is the section front). */
  listingsPerSection: number[];
  /** Every page's path, home first (what a complete crawl fetches). */
  paths: string[];
}

export interface SitePlan {
  hosts: HostPlan[];
  totalPages: number;
  totalArticles: number;
}

export const hostAddress = (firstOctet: number, i: number) => `127.0.0.${firstOctet + i}`;

/** Splits `pages` over `hosts`: 1 home + listing pages + articles per host, exactly `pages` in all. */
export function planSite(pages: number, hosts: number, firstOctet = 2): SitePlan {
  const plans: HostPlan[] = [];
  for (let h = 0; h < hosts; h++) {
    const n = Math.floor(pages / hosts) + (h < pages % hosts ? 1 : 0);
    if (n < 3) throw new Error(`--pages ${pages} over ${hosts} hosts leaves fewer than 3 pages on a host`);
    let articles = Math.max(1, Math.floor(((n - 1) * PER_LISTING) / (PER_LISTING + 1)));
    let listings = n - 1 - articles;
    while (listings * PER_LISTING < articles) {
      articles--;
      listings++;
    }
    const sections = Math.min(SECTIONS.length, listings);
    const listingsPerSection = Array.from({ length: sections }, (_, s) => Math.floor(listings / sections) + (s < listings % sections ? 1 : 0));
    const plan: HostPlan = {
      index: h,
      address: hostAddress(firstOctet, h),
      siteName: SITE_NAMES[h % SITE_NAMES.length]! + (h >= SITE_NAMES.length ? ` ${h}` : ''),
      articles,
      listingsPerSection,
      paths: [],
    };
    plan.paths = ['/', ...listingsPerSection.flatMap((k, s) => Array.from({ length: k }, (_, p) => listingPath(s, p + 1))), ...Array.from({ length: articles }, (_, j) => articlePath(plan, j))];
    plans.push(plan);
  }
  return { hosts: plans, totalPages: plans.reduce((a, p) => a + p.paths.length, 0), totalArticles: plans.reduce((a, p) => a + p.articles, 0) };
}

const listingPath = (s: number, page: number) => (page === 1 ? `/section/${SECTIONS[s]}/` : `/section/${SECTIONS[s]}/page/${page}/`);
const sectionOf = (plan: HostPlan, j: number) => Math.floor(j / PER_LISTING) % plan.listingsPerSection.length;
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'story';

export function articlePath(plan: HostPlan, j: number): string {
  const d = articleDate(plan, j);
  return `/${SECTIONS[sectionOf(plan, j)]}/${d.slice(0, 4)}/${d.slice(5, 7)}/${slug(source(plan, j).a.title)}-${plan.index}-${j}.html`;
}

/** Unlinked pages for the latency probe: a crawl never finds them, only a single enqueue does. */
export const freshPath = (i: number) => `/fresh/bulletin-${i}.html`;
export const freshToken = (host: number, i: number) => `zqfresh${host}x${i}q`;

let corpus: SourceArticle[] | null = null;
let byLang: Map<string, number[]> | null = null;
function articlesOf(): { corpus: SourceArticle[]; byLang: Map<string, number[]> } {
  if (!corpus) {
    corpus = loadNewsCorpus();
    byLang = new Map();
    corpus.forEach((a, i) => byLang!.set(a.lang, [...(byLang!.get(a.lang) ?? []), i]));
  }
  return { corpus, byLang: byLang! };
}

/** Article j's body: most of source article A, then a few paragraphs of B (same language), a pair no other page has. */
function source(plan: HostPlan, j: number): { a: SourceArticle; b: SourceArticle | null; cycle: number } {
  const { corpus: c, byLang: groups } = articlesOf();
  const g = plan.index * 100_003 + j * 7;
  const ia = g % c.length;
  const a = c[ia]!;
  const group = groups.get(a.lang)!;
  const cycle = Math.floor(j / c.length);
  const pos = group.indexOf(ia);
  const b = group.length > 1 ? c[group[(pos + 1 + ((j + cycle) % (group.length - 1))) % group.length]!]! : null;
  return { a, b: b === a ? null : b, cycle };
}

function articleDate(plan: HostPlan, j: number): string {
  const t = Date.UTC(2025, 0, 1) + ((plan.index * 37 + j * 5) % 330) * 86_400_000 + ((j * 7919) % 86_400) * 1000;
  return new Date(t).toISOString();
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const firstSentence = (p: string) => /^(.{40,220}?[.!?])\s/.exec(p)?.[1] ?? p.slice(0, 180);

function articleTitle(plan: HostPlan, j: number): string {
  const { a, cycle } = source(plan, j);
  return `${TITLE_VARIANTS[(j + cycle) % TITLE_VARIANTS.length]}${a.title}`;
}

function teaser(plan: HostPlan, j: number, withLead: boolean): string {
  const lead = firstSentence(source(plan, j).a.paragraphs[0]!);
  return `<li class="teaser"><a href="${articlePath(plan, j)}">${esc(articleTitle(plan, j))}</a>${withLead ? `<p class="teaser-lead">${esc(lead)}</p>` : ''}</li>`;
}

function sidebars(plan: HostPlan, j: number): string {
  const n = plan.articles;
  const pick = (ks: number[]) => [...new Set(ks.map((k) => ((k % n) + n) % n))].filter((k) => k !== j);
  const related = pick([j + 1, j + 2, j + 5, j + 11]);
  const popular = pick([0, 1, 2, 3, 4].map((k) => Math.floor(j / 50) * 13 + k * 7));
  const editors = pick([3, 8, 21]);
  const box = (cls: string, heading: string, ks: number[], lead: boolean) => `<section class="${cls}"><h3>${heading}</h3><ul>${ks.map((k) => teaser(plan, k, lead)).join('')}</ul></section>`;
  return box('related', 'Related articles', related, true) + box('popular', 'Popular', popular, false) + box('editors-choice', "Editor's choice", editors, true);
}

function nav(plan: HostPlan): string {
  return `<nav class="site-nav"><a href="/">Home</a>${plan.listingsPerSection.map((_, s) => `<a href="${listingPath(s, 1)}">${SECTIONS[s]}</a>`).join('')}</nav>`;
}

function chrome(plan: HostPlan, base: string, head: { title: string; lang: string; canonical: string; extra?: string }, main: string, aside: string): string {
  const header = `<header class="masthead"><a class="logo" href="/">${esc(plan.siteName)}</a>${nav(plan)}<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>`;
  const footer = `<footer class="site-footer"><p>© 2025 ${esc(plan.siteName)}. All rights reserved.</p><ul class="footer-links"><li>About us</li><li>Contact</li><li>Privacy policy</li></ul><div class="newsletter">Get the morning briefing in your inbox. <button>Subscribe</button></div></footer>`;
  const headHtml = `<meta charset="utf-8"><title>${esc(head.title)} | ${esc(plan.siteName)}</title><link rel="canonical" href="${base}${head.canonical}"><meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/site-${plan.index % 3}.css">${head.extra ?? ''}`;
  let body: string;
  // Three template families, so no host looks like the next.
  if (plan.index % 3 === 0) body = `${header}<div class="layout"><main>${main}</main><aside class="sidebar">${aside}</aside></div>${footer}`;
  else if (plan.index % 3 === 1)
    body = `<div id="page">${header}<div class="row"><div class="col-left rail">${aside}</div><div class="col-main" id="content">${main}</div></div><div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>${footer}</div>`;
  else
    body = `<div class="wrapper">${header}<div class="container"><div class="content-area">${main}<div class="more-stories">${aside}</div></div></div>${footer}</div><script>window.analytics=window.analytics||[];analytics.push(['page']);</script>`;
  return `<!doctype html><html lang="${head.lang}"><head>${headHtml}</head><body class="site-${plan.index}">${body}</body></html>`;
}

export function renderArticle(plan: HostPlan, j: number, base: string): string {
  const { a, b } = source(plan, j);
  const title = articleTitle(plan, j);
  const date = articleDate(plan, j);
  const keep = Math.max(2, Math.ceil(a.paragraphs.length * 0.6));
  const paras = [...a.paragraphs.slice(0, keep), ...(b ? b.paragraphs.slice(1, 5) : [])];
  const author = a.authors[0] ?? `${plan.siteName} staff`;
  const path = articlePath(plan, j);
  const extra = `<meta name="description" content="${esc(firstSentence(paras[0]!))}"><meta property="og:title" content="${esc(title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="${esc(plan.siteName)}"><meta name="author" content="${esc(author)}"><meta property="article:published_time" content="${date}"><meta property="article:section" content="${SECTIONS[sectionOf(plan, j)]}">`;
  const main = `<article class="story"><h1>${esc(title)}</h1><p class="byline">By <span class="author">${esc(author)}</span> · <time datetime="${date}">${date.slice(0, 10)}</time></p><div class="story-body">${paras.map((p) => `<p>${esc(p)}</p>`).join('')}</div><div class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div></article>`;
  return chrome(plan, base, { title, lang: a.lang, canonical: path, extra }, main, sidebars(plan, j));
}

function renderListing(plan: HostPlan, s: number, page: number, base: string): string {
  // Listing pages of a section hold articles j with sectionOf(j) === s, PER_LISTING at a time.
  const inSection = Array.from({ length: plan.articles }, (_, j) => j).filter((j) => sectionOf(plan, j) === s);
  const items = inSection.slice((page - 1) * PER_LISTING, page * PER_LISTING);
  const pager = `<nav class="pager">${Array.from({ length: plan.listingsPerSection[s]! }, (_, p) => `<a href="${listingPath(s, p + 1)}">${p + 1}</a>`).join(' ')}</nav>`;
  const main = `<h1>${SECTIONS[s]}</h1><ul class="listing">${items.map((j) => teaser(plan, j, true)).join('')}</ul>${pager}`;
  return chrome(plan, base, { title: `${SECTIONS[s]} – page ${page}`, lang: 'en', canonical: listingPath(s, page) }, main, sidebars(plan, -1));
}

function renderHome(plan: HostPlan, base: string): string {
  const top = Array.from({ length: Math.min(20, plan.articles) }, (_, j) => teaser(plan, j, true)).join('');
  const fronts = plan.listingsPerSection.map((_, s) => `<li><a href="${listingPath(s, 1)}">${SECTIONS[s]}</a></li>`).join('');
  return chrome(plan, base, { title: 'Latest news', lang: 'en', canonical: '/' }, `<h1>Latest news</h1><ul class="top-stories">${top}</ul><ul class="sections">${fronts}</ul>`, sidebars(plan, -1));
}

export function renderFresh(plan: HostPlan, i: number, base: string): string {
  const token = freshToken(plan.index, i);
  const j = (i * 17) % plan.articles;
  return renderArticle(plan, j, base)
    .replace(/<h1>[^<]*<\/h1>/, `<h1>Bulletin ${token}</h1><p>Bulletin ${token} was issued this morning.</p>`)
    .replace(/<title>[^<]*<\/title>/, `<title>Bulletin ${token}</title>`)
    .replace(/(rel="canonical" href=")[^"]*"/, `$1${base}${freshPath(i)}"`);
}

/** The HTML for `path` on `plan`'s host, or null (404). */
export function renderPath(plan: HostPlan, path: string, base: string): string | null {
  if (path === '/') return renderHome(plan, base);
  let m = /^\/section\/([a-z]+)\/(?:page\/(\d+)\/)?$/.exec(path);
  if (m) {
    const s = SECTIONS.indexOf(m[1]!);
    const page = Number(m[2] ?? 1);
    if (s < 0 || s >= plan.listingsPerSection.length || page < 1 || page > plan.listingsPerSection[s]!) return null;
    return renderListing(plan, s, page, base);
  }
  m = /^\/fresh\/bulletin-(\d+)\.html$/.exec(path);
  if (m) return renderFresh(plan, Number(m[1]), base);
  m = /-(\d+)\.html$/.exec(path);
  if (m) {
    const j = Number(m[1]);
    if (j < plan.articles && articlePath(plan, j) === path) return renderArticle(plan, j, base);
  }
  return null;
}
