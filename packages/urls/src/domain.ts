import { isIP } from 'node:net';

// Second-level public suffixes under which registrations happen at the third level. Not the full
// Public Suffix List (that needs a download and updates); this covers the news sites we crawl.
const TWO_LEVEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk', 'net.uk', 'ltd.uk', 'plc.uk', 'sch.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au',
  'co.nz', 'net.nz', 'org.nz', 'govt.nz', 'ac.nz',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
  'co.kr', 'or.kr', 'ne.kr', 'go.kr',
  'co.in', 'net.in', 'org.in', 'gov.in', 'ac.in',
  'co.za', 'org.za', 'gov.za', 'ac.za',
  'co.il', 'org.il', 'ac.il', 'gov.il',
  'com.br', 'net.br', 'org.br', 'gov.br',
  'com.ar', 'com.mx', 'com.co', 'com.pe', 'com.ve', 'com.uy', 'com.ec',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn',
  'com.hk', 'org.hk', 'com.tw', 'org.tw', 'com.sg', 'com.my', 'com.ph', 'com.pk', 'com.bd',
  'com.tr', 'org.tr', 'gov.tr', 'com.ua', 'org.ua', 'com.ru', 'org.ru', 'msk.ru', 'spb.ru',
  'com.eg', 'com.sa', 'com.ng', 'co.ke', 'co.th', 'co.id', 'or.id', 'com.vn', 'com.np', 'com.lk',
  'co.at', 'or.at', 'com.pl', 'org.pl', 'net.pl', 'com.es', 'com.pt', 'com.gr', 'co.hu',
]);

/**
 * eTLD+1 of a host name ("news.bbc.co.uk" → "bbc.co.uk"). IP literals and single-label hosts are
 * returned unchanged.
 */
export function registrableDomain(host: string): string {
  let h = host.toLowerCase().replace(/\.+$/, '');
  if (h.startsWith('[') || isIP(h) !== 0) return h;
  const labels = h.split('.').filter((l) => l !== '');
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  h = TWO_LEVEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
  return h;
}
