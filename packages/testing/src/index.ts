export { testServices, testConfig, cleanupTest } from './context.ts';
export type { TestServices } from './services.ts';
