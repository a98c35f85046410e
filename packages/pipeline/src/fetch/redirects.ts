import type { FetchResponse } from '@ingest/fetch';
import { documentId } from '@ingest/urls';
import type { UrlState } from '../state/url-state.ts';

const PERMANENT = new Set([301, 308]);

/**
 * The document id the requested URL stood for, when its first hop is a permanent redirect: that
 * document is removed once the new URL's document is known. Temporary redirects keep the old id.
 */
export function supersededDocId(requestedUrl: string, response: FetchResponse, state: UrlState): string | null {
  const first = response.redirects[0];
  if (!first || !PERMANENT.has(first.status) || response.finalUrl === requestedUrl) return null;
  return state.docId ?? documentId(requestedUrl);
}
