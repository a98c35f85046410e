/** 'de-DE', 'de_AT', 'DE' → 'de'; rejects placeholders like 'x-default' or 'und'. */
export function normaliseLanguage(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const first = raw.split(/[,;\s]/).find((p) => p.length > 0);
  if (!first) return null;
  const primary = first.split(/[-_]/)[0]!.toLowerCase();
  if (!/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'mul' || primary === 'zxx') return null;
  return primary;
}
