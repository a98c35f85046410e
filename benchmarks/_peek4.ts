import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { isTag } from 'domhandler';
import { scanDocument, textChunks } from '../packages/metadata/src/dom.ts';
const html = gunzipSync(readFileSync('/work/shared/datasets/fundus-dev/html/' + process.argv[2])).toString();
const scan = scanDocument(parseDocument(html));
for (const el of scan.textBylines) {
  console.log(textChunks(el));
  const chain = [];
  for (let p = el.parent; p; p = p.parent) if (isTag(p)) chain.push(`${p.name}.${p.attribs['class'] ?? ''}#${p.attribs['id'] ?? ''}`);
  console.log(chain.join(' < '));
}
