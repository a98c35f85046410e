// Prints the README's settings and error-code tables from their single sources of truth.
// Run: node scripts/docs-tables.ts   (a test checks the README stays in step)
import { SETTINGS, loadConfig } from '../packages/config/src/index.ts';
import { ERROR_CODES } from '../packages/errors/src/index.ts';

const defaults = loadConfig({});
const settings = Object.entries(SETTINGS).map(([key, s]) => {
  const value = defaults[key as keyof typeof defaults];
  const shown = value === undefined ? '(unset)' : `\`${String(value)}\``;
  return `| \`${s.env}\` | ${shown} | ${s.doc} |`;
});
console.log('| Variable | Default | Meaning |\n| --- | --- | --- |');
console.log(settings.join('\n'));
console.log('\n| Code | Retried | What it means / what to do |\n| --- | --- | --- |');
for (const [code, e] of Object.entries(ERROR_CODES)) console.log(`| \`${code}\` | ${e.permanent ? 'no' : 'yes'} | ${e.hint} |`);
