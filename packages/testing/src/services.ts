/** Where the shared test services run; provided once per test run by the global setup. */
export interface TestServices {
  redisUrl: string;
  meiliUrl: string;
  meiliMasterKey: string;
  s3Endpoint: string;
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  /** How each was obtained: 'env', 'testcontainers' or 'local'. */
  sources: { redis: string; meili: string; s3: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: TestServices;
  }
}
