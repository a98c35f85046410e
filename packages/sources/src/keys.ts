/** Redis keys of the source registry, under the queue prefix so they share its Cluster hash tag. */
export function sourceKeys(prefix: string, id?: string) {
  return {
    all: `${prefix}:sources`,
    state: `${prefix}:source:${id}:state`,
    failures: `${prefix}:source:${id}:failures`,
    runOutcomes: (runId: string) => `${prefix}:source:${id}:run:${runId}:outcomes`,
  };
}

export function schedulerId(sourceId: string): string {
  return `source-${sourceId}`;
}
