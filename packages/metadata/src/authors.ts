/** Turning raw author strings (meta values, JSON-LD names, visible bylines) into clean names. */
import { collapse, decodeEntities, fold, stripTags, uniqueBy } from './text.ts';

/** Byline lead-ins in the languages we see; matched case-insensitively at the start. */
const LEAD_IN = new RegExp(
  '^(?:' +
    [
      '(?:written|reported|text|story|article|words|photos?|interview|analysis|commentary|compiled|edited|posted|published)\\s+by',
      'by',
      'from',
      'von',
      'vom',
      'text(?:e)?(?:\\s+von)?',
      'autor(?:in|en|innen|es|a)?',
      'author(?:s)?',
      'auteur(?:e|s)?',
      'autore',
      'autori',
      'par',
      'por',
      'door',
      'ved',
      'tekst',
      'redakcja',
      'przez',
      'автор(?:ы)?',
      'текст',
      'yazar',
      'haber',
      'oleh',
      'bởi',
      'tác giả',
      'skrevet af',
      'skrevet av',
      'skrivet av',
      'kirjoittanut',
      'redaktion',
      'redazione',
      'redacción',
      'rédaction',
      'reporter',
      'posted by',
      'published by',
    ].join('|') +
    ')\\s*[:：]?\\s+',
  'iu',
);

/** Short lead-ins that are also name particles ("Da Silva"): stripped only before a two-word name. */
const WEAK_LEAD_IN = /^(?:di|de|da|af|av)\s+(?=\p{Lu}\S*\s+\p{Lu})/u;

/** Conjunctions separating several authors in one string. */
const JOINERS = /\s+(?:and|und|et|y|e|og|och|en|i|ve|und\s+von|\+|&|a|és|и|ja|oraz)\s+|\s*[,;|/·•]\s*|\s+[–—-]\s+/iu;

/** Parts that are a role, not a name ("Senior Reporter", "Korrespondentin in Wien"). */
const ROLE =
  /\b(reporter|correspondent|editor|redakteur|redakteurin|redaktor|korrespondent(?:in)?|journalist(?:in)?|writer|contributor|columnist|kolumnist|staff|senior|chief|head of|director|photographer|fotograf|producer|analyst|chefredakteur|ressortleiter|volontär|freie|freier|mitarbeiter|rédacteur|rédactrice|envoyé|envoyée|giornalista|inviato|inviata|corresponsal|periodista|redactor|redactora|updated|aktualisiert|published|veröffentlicht|minutes?|min\.?|read|lesezeit|uhr|ago)\b/iu;

const EMAIL = /\S+@\S+\.\S+/g;
const URLISH = /^(?:https?:\/\/|www\.)|\.(?:com|de|org|net|co\.uk)\/|^\/\w/i;
const HANDLE = /(^|\s)@\w+/g;
const DATEISH = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b/g;

export function splitAuthorString(raw: string): string[] {
  // "(dpa)", "(Text)", "(37)", and a homepage after the name: "Jane Doe (https://jane.example/)"
  let s = collapse(stripTags(decodeEntities(raw)).replace(/\((?:[^()]{0,60})\)/g, ' '));
  if (!s || URLISH.test(s)) return [];
  s = collapse(s.replace(EMAIL, ' ').replace(HANDLE, ' ').replace(DATEISH, ' '));
  for (let i = 0; i < 2; i++) s = s.replace(LEAD_IN, '');
  const parts = s
    .split(JOINERS)
    .map((p) => cleanName(p))
    .filter((p): p is string => p !== null);
  const names = parts.filter((p, i) => !ROLE.test(p) && !isDateline(p, parts.slice(0, i)));
  // "Guardian staff reporter" is the author: keep role-like parts only when nothing else is left
  return names.length > 0 ? names : parts.slice(0, 1);
}

/** "Ines Zöttl, Washington": a lone capitalised word after a full name is the dateline city. */
export function isDateline(part: string, before: string[]): boolean {
  return !part.includes(' ') && /^\p{Lu}\p{Ll}/u.test(part) && before.some((b) => b.includes(' '));
}

/** Placeholders and labels that CMSs and bylines put where a name belongs. */
const PLACEHOLDER =
  /^(?:(?:written|article|story|posted|published|text)\s+by|par|por|di|de|da|door|av|af|admin|administrator|webmaster|editor|publisher|super user|guest|anonymous|anonym|anónimo|unknown|user unknown|no author|name|autor|author|by|von|vom|am|pm|in|tags?|uncategori[sz]ed|more posts|posted(?: on| by)?|published(?: on| by)?|veröffentlicht(?: am| von)?|publiziert(?: am)?|aktualisiert(?: am)?|erschienen(?: am)?|abgelegt unter|zur artikelübersicht|hinterlasse einen kommentar|leave a comment|share|teilen|mehr|more|read more|weiterlesen|foto|photo|bild|image|video)$/iu;

export function cleanName(raw: string): string | null {
  let s = collapse(raw);
  s = s.replace(/^(?:©|\(c\))\s*/iu, '');
  // "Interview: Harald Willenbrock" — a short label before a colon
  s = s.replace(/^(?:\S+\s+){0,2}\S+\s*[:：]\s*(?=\p{Lu})/u, '');
  for (let i = 0; i < 2; i++) s = s.replace(LEAD_IN, '').replace(WEAK_LEAD_IN, '');
  s = s.replace(/^[\s:|,.·•–—-]+|[\s:|,·•–—-]+$/gu, '');
  if (!s || s.length < 2 || s.length > 80 || PLACEHOLDER.test(s)) return null;
  if (URLISH.test(s)) return null;
  if (!/\p{L}/u.test(s)) return null;
  // a sentence is not a name
  if (s.split(' ').length > 6) return null;
  return s;
}

/** Last path segment of an author profile URL, as a fallback name ('/autor/max-muster' → 'Max Muster'). */
export function nameFromProfileUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (!/\/(?:author|authors|autor|autoren|auteur|people|profile|profil|staff|journalist|redaktion|team|by)\//i.test(u.pathname)) return null;
    const seg = u.pathname.split('/').filter(Boolean).pop() ?? '';
    const words = decodeURIComponent(seg)
      .replace(/\.html?$/, '')
      .replace(/[-_]\d+$/, '')
      .split(/[-_+]/)
      .filter((w) => /^\p{L}+$/u.test(w));
    if (words.length < 2 || words.length > 4) return null;
    return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  } catch {
    return null;
  }
}

export function dedupeNames(names: string[]): string[] {
  const cleaned = uniqueBy(names, fold).filter((n) => fold(n).length > 0);
  // drop a name that is contained in a longer one ("Smith" next to "John Smith")
  return cleaned.filter((n) => !cleaned.some((o) => o !== n && fold(o).length > fold(n).length && ` ${fold(o)} `.includes(` ${fold(n)} `)));
}

const PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'bin', 'al', 'ibn', 'ter', 'zu']);

/** "Jane Doe", "Ursula von der Leyen": 2–5 words, each capitalised or a name particle. */
export function isPersonName(n: string): boolean {
  const words = n.split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}/u.test(w) || PARTICLES.has(w)) && /^\p{Lu}/u.test(words[0]!);
}
