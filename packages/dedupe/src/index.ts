export { Dedupe, DEDUPE_COUNTERS, type DedupeOptions, type ExtractionView, type IsBoilerplate, type PageRef, type TemplateExtract, type TemplateOutcome } from './dedupe.ts';
export { NearDuplicateClusters, rootClusterId, exactTextClusterId, type ClusterAssignment, type ClusterOptions } from './clusters.ts';
export { SiteTemplates, type TemplateOptions, type TemplateSnapshot, type TemplateState, type Observation, type PageToCount } from './templates.ts';
export { textSignature, type TextSignature, estimateJaccard, minhashOfShingles, signatureBytes, bandKeys, NUM_HASHES, NUM_BANDS, MIN_SHINGLES } from './minhash.ts';
export { shingles, words, jaccard } from './shingles.ts';
