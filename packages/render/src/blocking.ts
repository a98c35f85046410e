import { getDomain } from 'tldts';

export type BlockClass = 'trackers' | 'fonts' | 'media' | 'images' | 'third-party';
const CLASSES: readonly BlockClass[] = ['trackers', 'fonts', 'media', 'images', 'third-party'];

/**
 * Hosts of common ad, analytics and tracking services. A short list on purpose: it covers what
 * news pages load most, and a miss only costs a request (the network guard still applies).
 */
const TRACKER_DOMAINS = new Set([
  'doubleclick.net',
  'googlesyndication.com',
  'googletagmanager.com',
  'googletagservices.com',
  'google-analytics.com',
  'googleadservices.com',
  'adservice.google.com',
  'scorecardresearch.com',
  'chartbeat.com',
  'chartbeat.net',
  'quantserve.com',
  'hotjar.com',
  'facebook.net',
  'connect.facebook.net',
  'criteo.com',
  'criteo.net',
  'taboola.com',
  'outbrain.com',
  'amazon-adsystem.com',
  'adnxs.com',
  'rubiconproject.com',
  'pubmatic.com',
  'casalemedia.com',
  'openx.net',
  'moatads.com',
  'adsrvr.org',
  'bing.com',
  'newrelic.com',
  'nr-data.net',
  'segment.io',
  'segment.com',
  'mixpanel.com',
  'optimizely.com',
  'krxd.net',
  'bluekai.com',
  'demdex.net',
  'omtrdc.net',
  'everesttech.net',
  'yieldmo.com',
  'teads.tv',
  'smartadserver.com',
  'ioam.de',
  'xiti.com',
  'matomo.cloud',
  'clarity.ms',
]);

export function parseBlockList(setting: string): Set<BlockClass> {
  const out = new Set<BlockClass>();
  for (const raw of setting.split(',')) {
    const v = raw.trim().toLowerCase();
    if (!v) continue;
    if (!(CLASSES as readonly string[]).includes(v)) throw new RangeError(`RENDER_BLOCK: unknown class "${v}"; expected any of ${CLASSES.join(', ')}`);
    out.add(v as BlockClass);
  }
  return out;
}

function isTracker(host: string): boolean {
  const parts = host.toLowerCase().split('.');
  for (let i = 0; i < parts.length - 1; i++) if (TRACKER_DOMAINS.has(parts.slice(i).join('.'))) return true;
  return false;
}

function siteOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** Why a request from a rendered page is not made, or null when it may be (subject to the network guard). */
export function blockReason(url: string, resourceType: string, pageUrl: string, block: ReadonlySet<BlockClass>): BlockClass | null {
  const host = new URL(url).hostname;
  if (block.has('fonts') && resourceType === 'font') return 'fonts';
  if (block.has('media') && resourceType === 'media') return 'media';
  if (block.has('images') && resourceType === 'image') return 'images';
  if (block.has('trackers') && isTracker(host)) return 'trackers';
  if (block.has('third-party') && siteOf(host) !== siteOf(new URL(pageUrl).hostname)) return 'third-party';
  return null;
}
