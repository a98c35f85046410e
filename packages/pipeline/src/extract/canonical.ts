import { normalizeUrl, registrableDomain } from '@ingest/urls';

/**
 * rel=canonical is honoured only within the same registrable domain: a page must not be able to
 * claim another site's document id.
 */
export function chooseCanonical(finalUrl: string, declared: string | null): string {
  const base = normalizeUrl(finalUrl);
  if (!declared) return base;
  try {
    const canonical = normalizeUrl(declared, finalUrl);
    const same = registrableDomain(new URL(canonical).hostname) === registrableDomain(new URL(base).hostname);
    return same ? canonical : base;
  } catch {
    return base;
  }
}
