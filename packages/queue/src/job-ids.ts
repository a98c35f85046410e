import { createHash } from 'node:crypto';

/** BullMQ forbids ':' in custom ids; we join parts with '-' and hash anything long or free-form. */
export function jobId(stage: string, ...parts: string[]): string {
  return [stage, ...parts].join('-');
}

export function shortHash(input: string, length = 32): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}
