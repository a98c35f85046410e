import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://math.example.edu/notes/quadratics';
const P = (n: number): string => `<p>Paragraph ${n} of the notes explains the method in words, with care, and with a worked example.</p>`;

describe('MathML', () => {
  const formula =
    '<math><semantics><mrow><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></mrow><annotation encoding="application/x-tex">x = \\frac{-b}{2a}</annotation></semantics></math>';
  const html = `<html><body><article><h1>Quadratics</h1>${P(1)}<p>The vertex sits at ${formula} for every parabola written in the standard form.</p>${P(2)}${P(3)}</article></body></html>`;
  const r = extractArticle(html, url);

  it('keeps formulas as part of the sentence', () => {
    expect(r.text).toMatch(/The vertex sits at x\s*=\s*−\s*b\s*2\s*a\s*for every parabola/);
  });

  it('leaves out the TeX annotation, which is not rendered', () => {
    expect(r.text).not.toContain('frac');
  });
});
