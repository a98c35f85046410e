import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://news.example.org/health/2015/diet-pills';

const paras = [
  'She was taken to hospital in April after taking a lethal dose of highly toxic slimming tablets that she had bought from a website registered abroad, the police said on Tuesday.',
  'Doctors said there was no antidote once the drug was in her system, and that two tablets would have been enough to kill her; she had taken eight over the course of the day.',
  'Her mother has asked people not to buy pills online whatever the website promises, and the police have warned that more packets from the same seller may be in circulation.',
];
const lead = 'The mother of a young woman who took suspected diet pills bought online has described how her daughter was burning up from within moments before her death last week.';

// A list article: each item is a sentence set as a heading, a picture and a "view image" link.
// Teaser cards lead with their headline link; here the link comes after the item's own text.
describe('a short link after an item of text', () => {
  it('does not make the item a teaser card', () => {
    const item = `<div><h2>${lead}</h2><div><img src="/a.jpg"><p><a href="/a.jpg"><b>View this image ›</b></a></p></div></div>`;
    const html = `<html><body><article><h1>Diet pills</h1><div>${item}${paras.map((p) => `<div><p>${p}</p></div>`).join('')}</div></article></body></html>`;
    expect(extractArticle(html, url).text.split('\n\n')).toEqual([lead, ...paras]);
  });

  it('still drops a card that leads with its headline link', () => {
    const card = '<div><h3><a href="/other-story">Council approves the new cycle lanes for the city centre</a></h3><p>The plan passed by a narrow vote.</p></div>';
    const html = `<html><body><article><h1>Diet pills</h1><div>${paras.map((p) => `<div><p>${p}</p></div>`).join('')}${card}</div></article></body></html>`;
    const text = extractArticle(html, url).text;
    expect(text).not.toContain('The plan passed by a narrow vote.');
    expect(text.split('\n\n')).toEqual(paras);
  });
});
