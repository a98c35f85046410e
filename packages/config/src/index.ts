export { SETTINGS, type Config } from './schema.ts';
export { loadConfig, parseNetworks, ConfigError } from './load.ts';
