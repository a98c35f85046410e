/**
 * A simplified WHATWG "prescan a byte stream to determine its encoding": looks through the first
 * 1024 bytes for <meta charset> or <meta http-equiv="content-type" content="…charset=…">, skipping
 * comments and other tags so that a charset inside a comment or attribute value is not picked up.
 * Returns the raw label, unresolved.
 */
export function prescanMetaCharset(bytes: Uint8Array, limit = 1024): string | null {
  const s = Buffer.from(bytes.subarray(0, limit)).toString('latin1');
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 2);
      if (end === -1) return null;
      i = end + 3;
    } else if (/^<meta[\s/]/i.test(s.slice(i, i + 6))) {
      const { attrs, end } = readAttributes(s, i + 5);
      const charset = attrs.get('charset');
      if (charset !== undefined && charset !== '') return charset;
      if (attrs.get('http-equiv')?.toLowerCase() === 'content-type') {
        const fromContent = charsetFromContent(attrs.get('content') ?? '');
        if (fromContent) return fromContent;
      }
      i = end;
    } else if (/^<\/?[a-z]/i.test(s.slice(i, i + 3))) {
      let j = i + 1;
      while (j < s.length && !/[\s/>]/.test(s.charAt(j))) j++;
      i = readAttributes(s, j).end;
    } else if (s.startsWith('<!', i) || s.startsWith('</', i) || s.startsWith('<?', i)) {
      const end = s.indexOf('>', i);
      if (end === -1) return null;
      i = end + 1;
    } else {
      i++;
    }
  }
  return null;
}

/** Reads attributes from position `i` up to the closing '>'; first occurrence of a name wins. */
function readAttributes(s: string, start: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  let i = start;
  while (i < s.length) {
    while (i < s.length && /[\s/]/.test(s.charAt(i))) i++;
    if (i >= s.length) break;
    if (s.charAt(i) === '>') return { attrs, end: i + 1 };
    let name = '';
    while (i < s.length && !/[\s/>=]/.test(s.charAt(i))) name += s.charAt(i++);
    while (i < s.length && /\s/.test(s.charAt(i))) i++;
    let value = '';
    if (s.charAt(i) === '=') {
      i++;
      while (i < s.length && /\s/.test(s.charAt(i))) i++;
      const q = s.charAt(i);
      if (q === '"' || q === "'") {
        const end = s.indexOf(q, i + 1);
        value = end === -1 ? s.slice(i + 1) : s.slice(i + 1, end);
        i = end === -1 ? s.length : end + 1;
      } else {
        while (i < s.length && !/[\s>]/.test(s.charAt(i))) value += s.charAt(i++);
      }
    }
    const key = name.toLowerCase();
    if (key !== '' && !attrs.has(key)) attrs.set(key, value);
    if (name === '' && value === '') i++;
  }
  return { attrs, end: s.length };
}

/** WHATWG "extracting a character encoding from a meta element" (content="text/html; charset=…"). */
function charsetFromContent(content: string): string | null {
  const m = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(content);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}
