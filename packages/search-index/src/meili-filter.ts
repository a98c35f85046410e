import type { Filter, FilterValue } from './port.ts';

/**
 * Our filters as a Meilisearch filter expression (an array of clauses is an AND). Values are
 * always quoted or numeric literals, so a value can never change the expression's meaning.
 */
export function meiliFilter(filters: readonly Filter[]): string[] {
  return filters.map(clause);
}

const OPS = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function clause(f: Filter): string {
  if (f.op === 'in') return `${f.field} IN [${f.values.map(literal).join(', ')}]`;
  return `${f.field} ${OPS[f.op]} ${literal(f.value)}`;
}

function literal(v: FilterValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`A filter value must be a finite number, not ${v}`);
    return String(v);
  }
  // Meilisearch reads booleans from their string form; JSON string syntax escapes quotes and backslashes.
  return typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
