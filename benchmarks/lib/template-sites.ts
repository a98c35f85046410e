// Generated news sites for the template benchmark: every host has its own template (header,
// in-article disclaimer and newsletter paragraphs that in-page heuristics keep, photo credit, "Popular" list, footer), one of five
// section boxes on each page (blocks on 20% of pages: at the template share, where learning can
// flicker), and two dozen paragraphs and a few reader comments of its own on every page (real
// articles: the per-host counts fill up after a few dozen pages).

const TOWNS = ['Aberdeen', 'Bergen', 'Cork', 'Dundee', 'Esbjerg', 'Falmouth', 'Gdansk', 'Hull', 'Izmir', 'Jersey', 'Kiel', 'Lerwick', 'Malmo', 'Nantes', 'Oban', 'Porto'];
const THINGS = ['ferry terminal', 'fish market', 'lifeboat station', 'container crane', 'harbour wall', 'lighthouse', 'dry dock', 'sea school'];
const PEOPLE = ['the harbour master', 'a local skipper', 'the port authority', 'the council leader', 'a marine engineer', 'the coastguard'];
const SECTIONS = ['Local', 'Business', 'Sport', 'Culture', 'Travel'];

export function siteName(site: number): string {
  return `The ${TOWNS[site % TOWNS.length]} ${['Herald', 'Gazette', 'Courier', 'Chronicle'][site % 4]} ${site}`;
}

/** The blocks a correct extraction never keeps in an article body. */
export function templateBlocks(site: number): string[] {
  const name = siteName(site);
  return [
    `The views expressed in opinion pieces are solely those of the authors and do not necessarily reflect the editorial position of ${name} or its owners.`,
    `Sign up for the ${name} newsletter and receive the most important stories every weekday morning, free of charge, straight to your inbox.`,
    `Photo: ${name} picture desk / Marina Ostrova`,
    `© 2024 ${name} Media Group. All rights reserved. Registered office: 12 Quay Street.`,
  ];
}

export function articleTitle(site: number, i: number): string {
  return `${TOWNS[(i + site) % TOWNS.length]} ${THINGS[i % THINGS.length]} plan enters phase ${i + 2} (${site}-${i})`;
}

export function paragraphs(site: number, i: number): string[] {
  const town = TOWNS[(i + site) % TOWNS.length]!;
  const thing = THINGS[(i * 3 + site) % THINGS.length]!;
  return Array.from({ length: 24 }, (_, k) => {
    const who = PEOPLE[(i + k) % PEOPLE.length]!;
    const n = i * 13 + k * 7 + site * 1009 + 11;
    return `Site ${site} story ${i} part ${k}: in ${town}, ${who} told reporters on day ${n} that the ${thing} would cost about ${n * 3} thousand pounds more than planned, and that ${n + 4} berths stay in use while ${n * 2} boats wait.`;
  });
}

function sectionBox(site: number, i: number): string {
  const s = SECTIONS[i % SECTIONS.length]!;
  const items = [0, 1, 2].map((k) => `<li><a href="/${s.toLowerCase()}/${k}.html">${s} pick ${k} of ${siteName(site)}</a></li>`).join('');
  return `<aside class="section-box"><h3>More ${s} from ${siteName(site)}</h3><ul>${items}</ul></aside>`;
}

export function articleHtml(site: number, i: number): string {
  const name = siteName(site);
  const [disclaimer, newsletter, credit, footer] = templateBlocks(site);
  const popular = [0, 1, 2, 3, 4].map((k) => `<li><a href="/news/story-${k}.html">${articleTitle(site, k)}</a></li>`).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${articleTitle(site, i)} | ${name}</title></head><body>` +
    `<header><a href="/">${name}</a><nav><a href="/">Home</a> <a href="/local/">Local</a> <a href="/business/">Business</a></nav></header>` +
    `<main><article><h1>${articleTitle(site, i)}</h1><figure><img src="/img/${i}.jpg" alt="x"><figcaption>Work under way, picture ${site}-${i}.</figcaption></figure>` +
    `<p class="credit">${credit}</p>${paragraphs(site, i)
      .map((p) => `<p>${p}</p>`)
      .join('')}` +
    // Plain paragraphs without telling classes: only the learned template can drop these.
    `<p>${newsletter}</p><p><em>${disclaimer}</em></p></article>` +
    `<section class="comments"><h2>Comments</h2>${[0, 1, 2, 3].map((k) => `<p>Reader ${site}-${i}-${k} wrote: ${k === 0 ? 'I walk past this every morning' : k === 1 ? 'the budget was always going to slip' : k === 2 ? 'finally some news from our end of town' : 'who signed this off'}, day ${i * 5 + k}.</p>`).join('')}</section>` +
    `${sectionBox(site, i)}<aside class="popular"><h2>Popular</h2><ol>${popular}</ol></aside></main>` +
    `<footer><p>${footer}</p><p><a href="/about.html">About us</a> · <a href="/contact.html">Contact</a></p></footer></body></html>`
  );
}

export function indexHtml(site: number, pages: number): string {
  const links = Array.from({ length: pages }, (_, i) => `<li><a href="/news/story-${i}.html">${articleTitle(site, i)}</a></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${siteName(site)}</title></head><body><h1>${siteName(site)}</h1><ul>${links}</ul></body></html>`;
}
