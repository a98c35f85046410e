/**
 * Language detection vs the language pages declare, on fundus-dev article bodies.
 *   node packages/enrich/scripts/measure-language.ts
 * Agreement with <html lang> is a proxy (a few sites declare a wrong default); disagreements are listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'htmlparser2';
import { extractMetadata } from '../../metadata/src/index.ts';
import { detectLanguage, enrichText } from '../src/index.ts';

const DATA = process.env['FUNDUS_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/fundus-dev', import.meta.url));
if (!existsSync(join(DATA, 'truth.json'))) {
  console.log(`no dataset at ${DATA}`);
  process.exit(0);
}
const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as { file: string; url: string; title: string; body: string }[];
const pages = [...new Map(truth.map((t) => [t.file, t])).values()];
let declared = 0;
let agree = 0;
let finalAgree = 0;
let ms = 0;
for (const t of pages) {
  const md = extractMetadata(parseDocument(gunzipSync(readFileSync(join(DATA, 'html', t.file))).toString('utf8')), t.url);
  const start = performance.now();
  const detected = detectLanguage(`${t.title}\n${t.body}`);
  const e = enrichText({ title: t.title, text: t.body, declaredLanguage: md.language });
  ms += performance.now() - start;
  if (!md.language) continue;
  declared++;
  if (detected.language === md.language) agree++;
  else console.log(`${t.file}: declared ${md.language}, detected ${detected.language} (${detected.confidence}), final ${e.language}`);
  if (e.language === md.language) finalAgree++;
}
console.log(
  `${pages.length} pages, ${declared} with a declared language; raw detection agrees on ${agree}, final (reconciled) on ${finalAgree}; ${(ms / pages.length).toFixed(1)} ms/page for enrichText`,
);
