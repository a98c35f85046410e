/** Authors from visible markup: microdata and elements whose class/id/rel say "author"/"byline". */
import type { Element } from 'domhandler';
import { BYLINE_LABEL, DATE_LABEL, closest, findDescendants, textChunks, textOf } from './dom.ts';
import { isDateline, splitAuthorString } from './authors.ts';

/** Containers whose bylines belong to other articles or to comments. */
const FOREIGN =
  /(?:^|[\s_-])(?:comments?|related|teasers?|recommend(?:ed|ations?)?|sidebar|footer|nav|navi|navbar|navigation|promo|more-?stories|newsletter|widget|trending|popular|outbrain|taboola)(?:[\s_-]|$)/i;

const PAGE_ROOTS = new Set(['body', 'html']);

function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

function isForeign(el: Element): boolean {
  // a byline inside a link is a teaser for another article
  if (el.parent && closest(el.parent, (p) => p.name === 'a', 6)) return true;
  // <body> and <html> classes describe the whole page (WordPress: "sidebar-primary", "comments-open"), not a container
  return closest(el, (p) => p.name === 'footer' || p.name === 'nav' || p.name === 'aside' || (!PAGE_ROOTS.has(p.name) && FOREIGN.test(`${attr(p, 'class')} ${attr(p, 'id')}`)), 12) !== null;
}

/** Microdata: itemprop=author (with a nested itemprop=name when present). */
export function microdataAuthors(itemprops: Element[]): string[] {
  const out: string[] = [];
  for (const el of itemprops) {
    if (!/\b(author|creator)\b/i.test(attr(el, 'itemprop')) || isForeign(el)) continue;
    const nameEl = findDescendants(el, (d) => /\bname\b/i.test(attr(d, 'itemprop')), 1)[0];
    const raw = nameEl ? attr(nameEl, 'content') || textOf(nameEl, 200) : attr(el, 'content') || textOf(el, 200);
    if (raw && raw.length <= 200) out.push(...splitAuthorString(raw));
  }
  return out;
}

/** First byline element that yields plausible names. */
export function visibleBylineAuthors(bylines: Element[]): string[] {
  for (const el of bylines) {
    if (el.name === 'meta' || el.name === 'script' || isForeign(el)) continue;
    const full = textOf(el, 400);
    if (!full || full.length > 300) continue;
    // links to author pages are the most precise part of a byline
    const links = findDescendants(el, (d) => d.name === 'a' && (/author|autor|auteur|journalist|profil|people|staff/i.test(attr(d, 'href')) || /\bauthor\b/i.test(attr(d, 'rel'))), 10);
    const fromLinks = links.flatMap((a) => splitAuthorString(textOf(a, 200))).filter(looksLikeName);
    if (fromLinks.length > 0) return fromLinks;
    // the byline's parts read as one string: a place after the names is its dateline ("Kakuma / Kenia")
    const names = textChunks(el)
      .flatMap((c) => splitAuthorString(c))
      .filter((n, i, all) => looksLikeName(n) && !isDateline(n, all.slice(0, i)));
    if (names.length > 0 && names.length <= 8) return names;
  }
  return [];
}

const NOT_NAME =
  /^(uhr|min|autor|autorin|autoren|author|authors|auteur|text|texte|redaktion|share|teilen|follow|folgen|more|mehr|menu|home|news|email|e-mail|print|drucken|comments?|kommentare?|updated|published|von|by|and|und|photo|foto|bild|image|video|audio|read|lesen|close|subscribe|abonnieren|sign in|anmelden|plus|premium)$/i;

/** Bylines contain more than names; keep chunks shaped like a name (1–5 words, mostly capitalised, no digits). */
export function looksLikeName(s: string): boolean {
  // the labels the scan finds bylines and date lines by ("Autor:", "Datum") are not names either
  if (NOT_NAME.test(s) || /\d/.test(s) || BYLINE_LABEL.test(s) || DATE_LABEL.test(s)) return false;
  const words = s.split(/\s+/);
  if (words.length > 5) return false;
  // a visible name never ends in a short lowercase word after a capitalised one: "Geschrieben von",
  // "Martin is" are the words around a name, cut off from it (metadata may invert: "Jong, Michiel de")
  if (words.length > 1 && /^\p{Lu}/u.test(words[0]!) && /^\p{Ll}{1,3}$/u.test(words[words.length - 1]!)) return false;
  const caps = words.filter((w) => /^[\p{Lu}]/u.test(w)).length;
  // single tokens: a capitalised name or an agency code ("dpa", "ssi"), not a stray lowercase word
  if (words.length === 1) return /^\p{Lu}[\p{L}.'’-]{1,30}$/u.test(s) || /^\p{Ll}{2,4}$/u.test(s);
  return caps >= Math.ceil(words.length / 2);
}
