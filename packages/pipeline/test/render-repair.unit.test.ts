import { describe, expect, it } from 'vitest';
import { parsePayload, type RenderJob } from '@ingest/contracts';
import { jobId, shortHash } from '@ingest/queue';
import { renderExtractId } from '../src/render/stage.ts';

const job: RenderJob = {
  url: 'https://news.example/a',
  finalUrl: 'https://news.example/a',
  archiveKey: 'raw/ab/abcdef.warc.gz',
  contentDigest: 'a'.repeat(64),
  fetchedAt: '2026-12-03T10:00:00.000Z',
  contentType: 'text/html',
  mode: 'always',
  sourceId: 'src-1',
};

describe('a repair that goes through the browser', () => {
  it('names its extraction apart from the first extraction of the same bytes', () => {
    const repaired = { ...job, repair: 'repair-0123456789ab' };
    expect(renderExtractId(repaired, true)).not.toBe(renderExtractId(job, true));
    expect(renderExtractId(repaired, false)).not.toBe(renderExtractId(job, false));
  });

  it('gives the plain capture the id a fetch without rendering would give it, repair included', () => {
    const repaired = { ...job, repair: 'repair-0123456789ab' };
    expect(renderExtractId(repaired, false)).toBe(jobId('extract', shortHash(job.finalUrl), job.contentDigest.slice(0, 32), 'repair-0123456789ab'));
  });

  it('carries the repair name through the render queue contract, and refuses anything else there', () => {
    expect(parsePayload('render', { ...job, repair: 'repair-0123456789ab' }).repair).toBe('repair-0123456789ab');
    expect(() => parsePayload('render', { ...job, repair: 'x:y' })).toThrow();
  });
});
