/** Robust JSON-LD reading: tolerant parsing, @graph flattening, @id resolution, article selection. */

export type JsonObject = { [k: string]: unknown };

const MAX_NODES = 2000;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** JSON.parse, then a second try after fixing the usual CMS breakage. */
export function parseJsonLoose(raw: string): unknown {
  const s = raw
    .trim()
    .replace(/^<!\[CDATA\[|\]\]>$/g, '')
    .replace(/^<!--|-->$/g, '')
    .trim();
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    // fall through to repairs
  }
  const repaired = s
    // raw newlines/tabs inside strings are invalid JSON but common
    .replace(/[\u0000-\u001f]+/g, ' ')
    .replace(/,\s*([}\]])/g, '$1')
    .replace(/;\s*$/, '');
  try {
    return JSON.parse(repaired);
  } catch {
    return undefined;
  }
}

export function typesOf(node: JsonObject): string[] {
  return asArray(node['@type']).filter((t): t is string => typeof t === 'string');
}

/** Every typed object reachable from the scripts (top level, arrays, @graph, nested values). */
export function collectNodes(scripts: string[]): JsonObject[] {
  const nodes: JsonObject[] = [];
  const stack: unknown[] = [];
  for (const raw of scripts) stack.push(parseJsonLoose(raw));
  let budget = MAX_NODES * 20;
  while (stack.length > 0 && nodes.length < MAX_NODES && budget-- > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (isObject(v)) {
      if (v['@type'] !== undefined || v['@id'] !== undefined) nodes.push(v);
      for (const [k, child] of Object.entries(v)) {
        if (k === '@context') continue;
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return nodes;
}

export function indexById(nodes: JsonObject[]): Map<string, JsonObject> {
  const byId = new Map<string, JsonObject>();
  for (const n of nodes) {
    const id = n['@id'];
    // keep the richest node when an @id appears both as a reference and as a definition
    if (typeof id === 'string' && (!byId.has(id) || Object.keys(n).length > Object.keys(byId.get(id)!).length)) byId.set(id, n);
  }
  return byId;
}

/** Replace a bare {"@id": …} reference by its definition, when present. */
export function resolve(v: unknown, byId: Map<string, JsonObject>): unknown {
  if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length <= 2) return byId.get(v['@id']) ?? v;
  return v;
}

const ARTICLE = /Article$|^(BlogPosting|LiveBlogPosting|SocialMediaPosting|Report|Review|ClaimReview)$/i;
const PAGE = /^(WebPage|ItemPage|CollectionPage|AboutPage|FAQPage|QAPage|MediaObject|VideoObject|Recipe|Event)$/i;

export function isArticleType(types: string[]): boolean {
  return types.some((t) => ARTICLE.test(t.replace(/^.*[/#:]/, '')));
}

/**
 * The node describing this page's article. Several articles can appear (related-article lists);
 * prefer the one that names this URL, then the one with the most article fields.
 */
export function pickArticle(nodes: JsonObject[], pageUrl: string): JsonObject | null {
  const articles = nodes.filter((n) => isArticleType(typesOf(n)));
  const pool = articles.length > 0 ? articles : nodes.filter((n) => typesOf(n).some((t) => PAGE.test(t)));
  if (pool.length === 0) return null;
  const norm = normUrl(pageUrl);
  let best: JsonObject | null = null;
  let bestScore = -Infinity;
  pool.forEach((n, i) => {
    let score = 0;
    for (const key of ['headline', 'datePublished', 'author', 'articleBody', 'dateModified']) if (n[key] !== undefined) score += 2;
    const urls = [n['url'], n['mainEntityOfPage'], isObject(n['mainEntityOfPage']) ? n['mainEntityOfPage']['@id'] : undefined, n['@id']];
    if (urls.some((u) => typeof u === 'string' && normUrl(u) === norm && norm !== '')) score += 5;
    // nodes nested inside other nodes (e.g. in an ItemList) are usually teasers
    if (isArticleType(typesOf(n)) && n['articleBody'] !== undefined) score += 1;
    score -= i * 0.01;
    if (score > bestScore) {
      bestScore = score;
      best = n;
    }
  });
  return best;
}

function normUrl(u: string): string {
  try {
    const x = new URL(u);
    return (x.host.replace(/^www\./, '') + x.pathname.replace(/\/+$/, '')).toLowerCase();
  } catch {
    return '';
  }
}
