import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where one embedded service of this data directory listens, and the process that serves it. */
export interface ServiceEntry {
  port: number;
  /** Absent for what runs inside the `ingest start` process itself (demo site, API). */
  pid?: number;
}

/**
 * `services.json` in the data directory: ports survive restarts (so the demo origin and every URL
 * printed stay valid) and PIDs let a start tell its own leftover services from anyone else's.
 */
export interface ServiceRecord {
  meilisearch?: ServiceEntry;
  s3?: ServiceEntry;
  demo?: ServiceEntry;
  api?: ServiceEntry;
}

export function serviceRecordPath(dataDir: string): string {
  return join(resolve(dataDir), 'services.json');
}

export function readServiceRecord(dataDir: string): ServiceRecord {
  try {
    return JSON.parse(readFileSync(serviceRecordPath(dataDir), 'utf8')) as ServiceRecord;
  } catch {
    return {};
  }
}

/** Merges `entries` into the record (read-modify-write; one start owns a data directory at a time). */
export function recordServices(dataDir: string, entries: ServiceRecord): ServiceRecord {
  const next = { ...readServiceRecord(dataDir), ...entries };
  mkdirSync(resolve(dataDir), { recursive: true });
  const file = serviceRecordPath(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(next, null, 2));
  renameSync(`${file}.tmp`, file);
  return next;
}
