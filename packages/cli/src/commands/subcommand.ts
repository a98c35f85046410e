import { CliError, EXIT } from '../io.ts';

/** `ingest keys create …`: the first positional picks the action; anything else is a usage error. */
export function pickAction<A extends string>(args: string[], actions: readonly A[], help: string, fallback?: A): { action: A; rest: string[] } {
  const [first, ...rest] = args;
  if (first && (actions as readonly string[]).includes(first)) return { action: first as A, rest };
  if (fallback && (first === undefined || first.startsWith('-'))) return { action: fallback, rest: args };
  throw new CliError(`${first ? `Unknown action "${first}"` : 'No action given'}; expected one of: ${actions.join(', ')}.\n\n${help}`, EXIT.usage);
}
