// Per-host politeness: a Redis-backed limiter (gap, concurrency, pauses) shared by every fetcher, and the adaptive gap.
export { adaptGap, type HostSignal, type GapLimits } from './adaptive-gap.ts';
export { HostLimiter, type HostLimiterOptions, type AcquireOptions, type TryAcquireOptions, type HostBusy, type HostLease } from './host-limiter.ts';
