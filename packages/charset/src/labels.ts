import iconv from 'iconv-lite';

export interface Charset {
  /** Canonical name: the WHATWG name when TextDecoder knows the label, else the iconv-lite label. */
  name: string;
  decode(bytes: Uint8Array): string;
}

/** Resolves an encoding label with TextDecoder first (WHATWG semantics), then iconv-lite. */
export function resolveCharset(label: string | null | undefined): Charset | null {
  const l = label
    ?.trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!l) return null;
  try {
    const name = new TextDecoder(l).encoding;
    return { name, decode: (bytes) => new TextDecoder(name).decode(bytes) };
  } catch {
    // not a WHATWG label; try iconv-lite below
  }
  if (iconv.encodingExists(l)) return { name: l, decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), l) };
  return null;
}

/**
 * The Encoding standard's "get an encoding": a WHATWG label (ASCII whitespace trimmed, any case)
 * gives its encoding name, anything else null. Labels of the "replacement" encoding
 * (iso-2022-kr, hz-gb-2312, …) also give null: TextDecoder refuses them, and skipping such a
 * label in favour of detection reads the page instead of reducing it to one U+FFFD.
 */
export function getEncoding(label: string): string | null {
  const l = label.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
  if (l === '') return null;
  if (l === 'x-user-defined') return l;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

/** WHATWG: a meta charset of UTF-16 means UTF-8 (the bytes were readable as ASCII), x-user-defined means windows-1252. */
export function metaOverride(name: string): string {
  if (name === 'utf-16le' || name === 'utf-16be') return 'utf-8';
  if (name === 'x-user-defined') return 'windows-1252';
  return name;
}
