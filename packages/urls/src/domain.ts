import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { getDomain } from 'tldts';

// The private section matters: alice.github.io and bob.github.io (blogspot.com, herokuapp.com,
// netlify.app, ...) are different owners, so neither may claim the other's documents through
// rel=canonical and a domain-wide crawl scope must not spread over every tenant.
const PSL_OPTIONS = { allowPrivateDomains: true, detectIp: true, validateHostname: false } as const;

/**
 * eTLD+1 of a host name by the Public Suffix List, private section included
 * ("news.bbc.co.uk" → "bbc.co.uk", "alice.github.io" → "alice.github.io"). IDNs are compared in
 * their ASCII (punycode) form, which is what URL.hostname yields. IP literals, single-label hosts
 * and hosts that are themselves a public suffix are returned unchanged (lower-cased, no trailing dot).
 */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.+$/, '');
  if (h.startsWith('[') || isIP(h) !== 0) return h;
  const ascii = domainToASCII(h) || h;
  return getDomain(ascii, PSL_OPTIONS) ?? ascii;
}
