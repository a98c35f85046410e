export { shortHash } from '@ingest/ids';

/** BullMQ forbids ':' in custom ids; we join parts with '-' and hash anything long or free-form. */
export function jobId(stage: string, ...parts: string[]): string {
  return [stage, ...parts].join('-');
}
