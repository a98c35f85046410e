import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// promtool's rule unit tests over the shipped alerts: the rule fires on the series the services
// export, for the time it says, with the labels and text an operator sees.
const root = fileURLToPath(new URL('../../', import.meta.url));

function promtoolTest(tests: string): { status: number | null; output: string; error?: Error | undefined } {
  const dir = mkdtempSync(join(tmpdir(), 'alert-rules-'));
  const file = join(dir, 'test.yml');
  writeFileSync(file, `rule_files:\n  - ${join(root, 'infra/prometheus/alerts.yml')}\nevaluation_interval: 1m\ntests:\n${tests}`);
  const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, error: r.error };
}

describe('IngestExtractionRedesign', () => {
  it('fires per flagged host after 10 minutes, and not for a host that was flagged only briefly', () => {
    const summary = (host: string) => `Extraction on ${host} looks broken since its previous crawl (a redesign?); ingest status shows both crawls' figures and example pages`;
    const r = promtoolTest(`  - interval: 1m
    input_series:
      # two processes report the same pipeline-wide flag
      - series: 'ingest_extraction_host_redesign{host="news.example", service="extractor"}'
        values: '1x30'
      - series: 'ingest_extraction_host_redesign{host="news.example", service="api"}'
        values: '1x30'
      # flagged early in a crawl, cleared by its later pages
      - series: 'ingest_extraction_host_redesign{host="blog.example", service="api"}'
        values: '1x4 _x26'
    alert_rule_test:
      - eval_time: 5m
        alertname: IngestExtractionRedesign
        exp_alerts: []
      - eval_time: 15m
        alertname: IngestExtractionRedesign
        exp_alerts:
          - exp_labels: { severity: warn, host: news.example }
            exp_annotations:
              summary: "${summary('news.example')}"
`);
    expect(r.error, 'promtool is not installed (apt-get install prometheus)').toBeUndefined();
    expect(r.output).toContain('SUCCESS');
    expect(r.status, r.output).toBe(0);
  });
});
