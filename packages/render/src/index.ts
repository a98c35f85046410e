// Rendering pages in Debian's Chromium through playwright-core: a pool of contexts with limits, every
// request answered by the caller's guarded fetcher, consent dialogs closed before the snapshot.
export { RenderPool, RenderFailedError, CHROMIUM_FLAGS, type RenderPoolOptions, type RenderInput, type RenderResult, type RequestCounts, type FetchedResource, type ResourceFetcher } from './pool.ts';
export { BrowserMissingError, resolveChromium } from './executable.ts';
export { parseBlockList, blockReason, type BlockClass } from './blocking.ts';
export { closeConsent, acceptPattern, CMP_BUTTONS, ACCEPT_WORDS } from './consent.ts';
export { processTree, treeMemoryBytes } from './memory.ts';
