import { sha256Hex } from '@ingest/ids';

/** Lines this short are dates, counters and bylines, not prose: their digits are template noise. */
const SHORT_LINE_WORDS = 12;

/**
 * The text a version is told apart by: title and body, with the digits of short lines masked. A
 * sidebar date or a view counter that slipped past the site-template dedupe (which removes blocks
 * it has learned) changes only digits in a short line, and is not a new version.
 */
export function versionText(title: string, body: string): string {
  const lines = body.split(/\n+/).map((line) => {
    const trimmed = line.trim().replace(/\s+/g, ' ');
    return trimmed.split(' ').length <= SHORT_LINE_WORDS ? trimmed.replace(/\d+/g, '#') : trimmed;
  });
  return `${title.trim()}\n${lines.filter(Boolean).join('\n')}`;
}

export function textDigest(title: string, body: string): string {
  return sha256Hex(versionText(title, body));
}
