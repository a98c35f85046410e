export { documentId } from '@ingest/ids';
