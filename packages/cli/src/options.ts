import { CliError, EXIT } from './io.ts';

type Env = Record<string, string | undefined>;

const GLOBAL: Record<string, string> = { '--api': 'INGEST_API_URL', '--key': 'INGEST_API_KEY' };

/**
 * Takes `--api URL` and `--key KEY` out of the arguments (anywhere before `--`) and hands them on
 * as INGEST_API_URL/INGEST_API_KEY, so every command sees one way of asking for remote mode.
 */
export function splitGlobalOptions(argv: readonly string[], env: Env): { argv: string[]; env: Env } {
  const rest: string[] = [];
  let overrides: Env | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const variable = GLOBAL[flag];
    if (!variable) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value || (inline === undefined && value.startsWith('--'))) throw new CliError(`${flag} needs a value: ${flag === '--api' ? '--api https://ingest.example.org' : '--key ik_…'}`, EXIT.usage);
    (overrides ??= {})[variable] = value;
  }
  return { argv: rest, env: overrides ? { ...env, ...overrides } : env };
}

/** node:util parseArgs speaks to programmers; this says the same to an operator, in our terms. */
export function parseErrorMessage(command: string, err: Error): string {
  const code = (err as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(err.message)?.[1];
  const help = `See the options with: ingest help ${command}`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `ingest ${command} has no option ${quoted}. ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    const flag = quoted.split(' ')[0]!;
    return /argument missing/.test(err.message) ? `${flag} needs a value. ${help}` : `${flag} takes no value. ${help}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted) return `ingest ${command} takes no argument "${quoted}". ${help}`;
  return `${err.message}. ${help}`;
}
