// Placeholder: replaced by the service harness (Redis, Meilisearch, S3).
export default async function setup(): Promise<void> {}
