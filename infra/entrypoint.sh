#!/bin/sh
# Runs one service by name; `all` runs every worker and the API in one process. `enricher` is an
# alias of `extractor` (enrichment is a step of extraction).
set -e
case "${1:-all}" in
  api|fetcher|renderer|extractor|indexer) exec node "/app/services/$1/src/main.ts" ;;
  enricher) echo "ingest-service: enricher is now part of extractor; running extractor" >&2; exec node /app/services/extractor/src/main.ts ;;
  all) exec node /app/bin/ingest.js start --no-demo ;;
  ingest) shift; exec node /app/bin/ingest.js "$@" ;;
  *) echo "usage: ingest-service api|fetcher|renderer|extractor|indexer|all|ingest ARGS" >&2; exit 2 ;;
esac
