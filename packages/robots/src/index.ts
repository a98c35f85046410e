// robots.txt: parsing, matching (RFC 9309) and a Redis-backed per-origin cache that fetches through @ingest/fetch.
export { parseRobots, productToken, ROBOTS_MAX_BYTES, type RobotsData, type RobotsGroup, type RobotsRule } from './parse.ts';
export { policyFor, isAllowedBy, patternMatches, type RobotsPolicy } from './match.ts';
export { RobotsCache, type RobotsCacheOptions, type RobotsEntry } from './cache.ts';
