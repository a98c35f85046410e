export { main, usage, COMMANDS } from './main.ts';
export { EXIT, CliError, type CliIO } from './io.ts';
