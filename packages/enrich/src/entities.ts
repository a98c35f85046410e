/**
 * Gazetteer-light named entities. Capitalised token spans are found per sentence, then classified:
 * places by a small bundled gazetteer (data/places.json); organisations by suffix/head words
 * (GmbH, Inc, Party, Ministry, Universität…) and acronyms; people by evidence — an honorific or
 * role before the span, a speech verb or age after it, or the surname reused alone elsewhere.
 * Unclassified spans are dropped: precision over recall.
 */
import entityWords from './data/entity-words.json' with { type: 'json' };
import placesData from './data/places.json' with { type: 'json' };
import { stopWords } from './stopwords.ts';

export interface Entities {
  people: string[];
  organizations: string[];
  places: string[];
}

const PLACES = new Set(placesData.places.map((p) => p.toLowerCase()));

const ORG_TAIL = new Set(entityWords.orgTail);
const ORG_HEAD = new Set(entityWords.orgHead);
const ORG_ACRONYM_EXCLUDE = new Set(entityWords.orgAcronymExclude);

/** Words that introduce a person: honorifics and roles in the languages we see. */
const PERSON_CUE = new Set(entityWords.personCue);

/** Role compounds ("Außenministerin", "Ex-Chef", "Migrationsminister") also introduce a name. */
const ROLE_STEM =
  /(minister|ministerin|kanzler|kanzlerin|präsident|präsidentin|sprecher|sprecherin|chef|chefin|leiter|leiterin|direktor|direktorin|trainer|trainerin|bürgermeister|bürgermeisterin|vorsitzende|vorsitzender|politiker|politikerin|expertin|experte)$/iu;

function isCue(token: string): boolean {
  const t = token.toLowerCase();
  return PERSON_CUE.has(t) || ROLE_STEM.test(t);
}

/** Verbs that follow a speaker's name. */
const SPEECH_AFTER =
  /^\s*(?:\((?:\d{1,3}|\p{Lu}[\p{Lu}\p{Ll}]{1,6})\)|,\s*(?:[\p{L}’'.-]+\s+){0,5}\p{L}*(?:director|minister|spokes\w*|ceo|chief|president|chair\w*|head|founder|ambassador|resident|professor|lawyer|leader|secretary|sprecher\w*|direktor\w*|präsident\w*|chef\w*|leiter\w*|vorsitzende\w*)\b|,?\s*(?:said|says|told|added|explained|wrote|argued|insisted|sagte|sagt|erklärte|betonte|meinte|schrieb|sagte der|so|a déclaré|a dit|a affirmé|dijo|afirmó|explicó|ha detto|ha spiegato|sa|sier|säger|uttalte|zegt|zei|powiedział|powiedziała|dedi|сказал|заявил))\b/iu;

/** Speech verbs and attributions right before a name ("sagte Jonas Weber", "according to …"). */
const SPEECH_BEFORE = /(?:\b(?:said|says|told|according to|sagte|sagt|erklärte|betonte|meinte|so|laut|selon|según|secondo|ifølge|enligt|volgens|dixit|dijo|ha detto|a déclaré))\s*$/iu;

const TOKEN = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*\.?/gu;
const CONNECTORS = new Set(['von', 'van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'bin', 'al', 'ibn', 'of', 'for', 'für', 'dos', 'das', 'ter', 'zu']);

/** German articles join names only after von/van ("von der Leyen"), not nouns ("Vertretern der Bank"). */
const ARTICLE_CONNECTORS = new Set(['der', 'den', 'das']);
/** German compounds carry the organisation word at the end ("Zentralbank", "Landgericht"). */
const ORG_COMPOUND =
  /(bank|partei|ministerium|gericht|gerichtshof|amt|verband|verein|kommission|gesellschaft|konzern|institut|universität|hochschule|stiftung|agentur|behörde|polizei|regierung|rat)$/iu;

/** One-word organisations: "EU-Kommission", "Innenministerium", "Bundesverfassungsgericht". */
function isOrgCompound(t: string): boolean {
  if (/^\p{Lu}{2,6}-\p{Lu}/u.test(t) && ORG_COMPOUND.test(t.split('-').pop() ?? '')) return true;
  return t.length > 9 && /(ministerium|gericht|gerichtshof|kanzleramt|partei|konzern)$/iu.test(t);
}

interface Span {
  tokens: string[];
  text: string;
  before: string;
  after: string;
  sentenceStart: boolean;
}

function isCap(t: string): boolean {
  return /^\p{Lu}/u.test(t);
}

function isAcronym(t: string): boolean {
  return /^\p{Lu}[\p{Lu}&]{1,5}$/u.test(t);
}

function spansOf(sentence: string): Span[] {
  const tokens = [...sentence.matchAll(TOKEN)];
  const spans: Span[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isCap(tokens[i]![0])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < tokens.length) {
      // "Ukraine’s Air Force", "Samsun'un Kavak": the possessor is an entity of its own
      if (/['’]\p{Ll}{1,4}$/u.test(tokens[j - 1]![0])) break;
      const t = tokens[j]![0];
      const gap = sentence.slice(tokens[j - 1]!.index + tokens[j - 1]![0].length, tokens[j]!.index);
      if (!/^[\s]*$/.test(gap) && gap !== ' & ') break; // punctuation ends a name
      if (isCap(t)) j++;
      else if (
        CONNECTORS.has(t.toLowerCase()) &&
        (!ARTICLE_CONNECTORS.has(t.toLowerCase()) || /^v[ao]n$/i.test(tokens[j - 1]![0])) &&
        tokens[j + 1] &&
        isCap(tokens[j + 1]![0]) &&
        /^\s+$/.test(sentence.slice(tokens[j]!.index + t.length, tokens[j + 1]!.index))
      )
        j += 2;
      else break;
    }
    const first = tokens[i]!;
    const last = tokens[j - 1]!;
    const toks = tokens.slice(i, j).map((m) => m[0].replace(/\.$/, (d) => (m[0].length <= 4 ? d : '')).replace(/['’]\p{Ll}{1,4}$/u, ''));
    spans.push({
      tokens: toks,
      text: sentence
        .slice(first.index, last.index + last[0].length)
        .replace(/\.$/, '')
        .replace(/['’]\p{Ll}{1,4}$/u, ''),
      before: sentence.slice(Math.max(0, first.index - 40), first.index),
      after: sentence.slice(last.index + last[0].length, last.index + last[0].length + 40),
      sentenceStart: i === 0 || /^[\s"'“„«‚(–—-]*$/.test(sentence.slice(0, first.index)),
    });
    i = j;
  }
  return spans;
}

/** Abbreviations whose period does not end a sentence ("Sen. Chris Murphy", "Dr. Weber", "J. Smith"). */
const ABBREVIATION = /(?:^|\s)(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|lt|col|capt|sgt|st|jr|sr|hr|fr|nr|no|vs|ca|bzw|usw|z\.b|u\.a|\p{Lu})\.$/iu;

function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    for (const m of line.matchAll(/[.!?…]\s+(?=[\p{Lu}"“„«(])/gu)) {
      const end = m.index + 1;
      if (line[m.index] === '.' && ABBREVIATION.test(line.slice(Math.max(0, end - 6), end))) continue;
      out.push(line.slice(start, end));
      start = m.index + m[0].length;
    }
    out.push(line.slice(start));
  }
  return out.filter((s) => s.trim());
}

export function extractEntities(title: string, text: string, lang: string | null, limit = 20): Entities {
  const body = text.slice(0, 100_000);
  const stops = stopWords(lang);
  const sentences = splitSentences(`${title}.\n${body}`);
  // words seen in lowercase are common words even when capitalised (German nouns, sentence starts)
  const lowerSeen = new Set<string>();
  for (const m of body.matchAll(/(?<![\p{L}])\p{Ll}[\p{L}'’-]*/gu)) lowerSeen.add(m[0]);
  const spans: Span[] = [];
  for (const s of sentences) spans.push(...spansOf(s));
  // how often each word stands alone as a capitalised span: a surname reused on its own ("Merz said")
  const alone = new Map<string, number>();
  for (const sp of spans) {
    const t = trimSpan(sp, stops);
    if (t && t.tokens.length === 1) alone.set(t.tokens[0]!, (alone.get(t.tokens[0]!) ?? 0) + 1);
  }

  const people = new Map<string, number>();
  const orgs = new Map<string, number>();
  const places = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

  const acronymCount = new Map<string, number>();
  for (const sp of spans) for (const t of sp.tokens) if (isAcronym(t)) acronymCount.set(t, (acronymCount.get(t) ?? 0) + 1);
  const pending: Span[] = [];
  for (const raw of spans) {
    const sp = trimSpan(raw, stops);
    if (!sp) continue;
    const lower = sp.text.toLowerCase();
    const lastTok = sp.tokens[sp.tokens.length - 1]!.toLowerCase();
    const firstTok = sp.tokens[0]!.toLowerCase();
    if (PLACES.has(lower)) {
      bump(places, sp.text);
    } else if (
      ((ORG_TAIL.has(lastTok) || ORG_COMPOUND.test(lastTok)) && sp.tokens.length > 1) ||
      (sp.tokens.length === 1 && isOrgCompound(sp.text)) ||
      (ORG_HEAD.has(firstTok) && sp.tokens.length > 1) ||
      (sp.tokens.length === 1 && isAcronym(sp.text) && !ORG_ACRONYM_EXCLUDE.has(sp.text) && (sp.text.length > 2 || (acronymCount.get(sp.text) ?? 0) >= 2))
    ) {
      bump(orgs, sp.text);
    } else if (sp.tokens.length >= 2 && sp.tokens.length <= 4 && personScore(sp, raw, lowerSeen, alone, stops, lang === 'de' || lang === 'lb') >= 2) {
      bump(people, sp.text);
    } else {
      pending.push(sp);
    }
  }
  // surnames alone ("Merz said") count toward the full name seen elsewhere
  const surnames = new Map<string, string>();
  for (const name of people.keys()) surnames.set(name.split(' ').pop()!, name);
  for (const sp of pending) {
    if (sp.tokens.length === 1) {
      const full = surnames.get(sp.text);
      if (full) bump(people, full);
      else if (PLACES.has(sp.text.toLowerCase())) bump(places, sp.text);
    }
  }
  return { people: top(people, limit), organizations: top(dropContained(orgs, people), limit), places: top(places, limit) };
}

/** Drop leading stop words and role words ("The", "Swedish Prime Minister") so the span is the name itself. */
function trimSpan(sp: Span, stops: Set<string>): Span | null {
  let k = 0;
  while (k < sp.tokens.length - 1 && stops.has(sp.tokens[k]!.toLowerCase())) k++;
  for (let c = sp.tokens.length - 2; c >= k; c--) {
    if (isCue(sp.tokens[c]!) || isCue(sp.tokens[c]!.split('-').pop() ?? '')) {
      k = c + 1;
      break;
    }
  }
  if (k === sp.tokens.length - 1 && stops.has(sp.tokens[k]!.toLowerCase())) return null;
  if (sp.tokens.length === 1 && stops.has(sp.tokens[0]!.toLowerCase())) return null;
  if (k === 0) return sp;
  const tokens = sp.tokens.slice(k);
  const cue = sp.tokens.slice(0, k).join(' ');
  return { ...sp, tokens, text: tokens.join(' '), before: `${sp.before} ${cue}`, sentenceStart: false };
}

function personScore(sp: Span, raw: Span, lowerSeen: Set<string>, alone: Map<string, number>, stops: Set<string>, nounCapitalising: boolean): number {
  let score = 0;
  const beforeWord = sp.before.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  if (isCue(beforeWord) || (sp !== raw && isCue(raw.tokens[raw.tokens.length - sp.tokens.length - 1] ?? ''))) score += 2;
  if (SPEECH_AFTER.test(sp.after) || SPEECH_BEFORE.test(sp.before)) score += 2;
  // in languages that capitalise every noun, two capitalised words are no evidence of a name
  if (sp.tokens.length <= 3 && !nounCapitalising) score += 1;
  const surname = sp.tokens[sp.tokens.length - 1]!;
  // the surname reused on its own ("Raab said"), while the given name is not: typical of people
  const reuse = alone.get(surname) ?? 0;
  if (reuse >= 1 && sp.tokens.length > 1 && (alone.get(sp.tokens[0]!) ?? 0) <= reuse) score += reuse >= 2 ? 2 : 1;
  for (const t of sp.tokens) {
    // a name is not a common word: seen lowercased ("künstliche Intelligenz") or a stop word
    if (lowerSeen.has(t.toLowerCase()) || stops.has(t.toLowerCase())) score -= 2;
    if (PLACES.has(t.toLowerCase()) || ORG_TAIL.has(t.toLowerCase()) || isAcronym(t) || /^\p{Lu}{2,}-/u.test(t)) score -= 2;
    if (/\d/.test(t)) score -= 3;
    // German/Nordic adjectives ("Iranische", "Islamischen") are capitalised in names of things, not people
    if (/(?:isch|lich|ig)(?:e|en|er|es|em)$/u.test(t)) score -= 2;
  }
  return score;
}

function dropContained(orgs: Map<string, number>, people: Map<string, number>): Map<string, number> {
  for (const p of people.keys()) orgs.delete(p);
  return orgs;
}

function top(m: Map<string, number>, limit: number): string[] {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k]) => k);
}
