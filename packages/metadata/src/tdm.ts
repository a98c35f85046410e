import type { ChildNode, Document } from 'domhandler';

/**
 * A TDMRep (W3C Community Group, Text and Data Mining Reservation Protocol) declaration: whether
 * the rights holder reserves text-and-data-mining rights for this page, and where its licensing
 * policy is. `source` says where it was declared; null when the page declares nothing (no reservation).
 */
export interface TdmReservation {
  reserved: boolean;
  policy: string | null;
  source: 'header' | 'meta' | null;
}

export const NO_TDM_RESERVATION: TdmReservation = { reserved: false, policy: null, source: null };

/** The `tdm-reservation` / `tdm-policy` HTTP response headers of the page, when sent. */
export interface TdmHeaders {
  reservation?: string | null | undefined;
  policy?: string | null | undefined;
}

function declared(reservation: string | null | undefined): boolean | null {
  const v = reservation?.trim();
  if (v === '1') return true;
  if (v === '0') return false;
  return null;
}

function policyUrl(policy: string | null | undefined, base: string): string | null {
  if (!policy?.trim()) return null;
  try {
    const u = new URL(policy.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** <meta name="tdm-reservation|tdm-policy"> of the document's head (the body is not walked). */
function headMetas(doc: Document): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const el = node;
      const name = el.name.toLowerCase();
      if (name === 'body') return;
      if (name === 'meta') {
        const key = (el.attribs.name ?? '').trim().toLowerCase();
        if ((key === 'tdm-reservation' || key === 'tdm-policy') && !out.has(key)) out.set(key, el.attribs.content ?? '');
      } else walk(el.children);
    }
  };
  walk(doc.children);
  return out;
}

/**
 * The page's TDM reservation. TDMRep gives the HTTP headers precedence over the HTML meta tags;
 * a policy counts only with a reservation, and only as an http(s) URL.
 */
export function extractTdm(doc: Document, url: string, headers: TdmHeaders = {}): TdmReservation {
  const fromHeader = declared(headers.reservation);
  if (fromHeader !== null) return { reserved: fromHeader, policy: fromHeader ? policyUrl(headers.policy, url) : null, source: 'header' };
  const metas = headMetas(doc);
  const fromMeta = declared(metas.get('tdm-reservation'));
  if (fromMeta !== null) return { reserved: fromMeta, policy: fromMeta ? policyUrl(metas.get('tdm-policy'), url) : null, source: 'meta' };
  return NO_TDM_RESERVATION;
}
