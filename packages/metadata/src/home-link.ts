/**
 * A heading that is only a link to the site's home page is the site's name set as a heading (the
 * blog or site title in the page header), not the article's headline: `<h1><a href="/" rel="home">Site</a></h1>`.
 */
import type { Element } from 'domhandler';
import { closest, findDescendants } from './dom.ts';
import { inlineText } from './headline.ts';

export function isHomeLinkHeading(heading: Element, pageUrl: string): boolean {
  const text = inlineText(heading);
  if (!text) return false;
  const around = closest(heading, (e) => e.name === 'a', 3);
  const links = around ? [around] : findDescendants(heading, (e) => e.name === 'a', 3);
  return links.some((a) => (a === around || inlineText(a) === text) && pointsHome(a.attribs['href'], pageUrl));
}

function pointsHome(href: string | undefined, pageUrl: string): boolean {
  if (href === undefined) return false;
  try {
    const page = new URL(pageUrl);
    const target = new URL(href.trim(), page);
    const host = (h: string): string => h.replace(/^www\./, '');
    return host(target.hostname) === host(page.hostname) && /^\/(?:index\.\w{2,5})?$/.test(target.pathname);
  } catch {
    return false;
  }
}
