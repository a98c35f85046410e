export {
  decodeFigures,
  pageIncrements,
  isBroken,
  lengthBucket,
  confidenceBucket,
  FIELD,
  LOW_CONFIDENCE,
  EXAMPLE_SLOTS,
  type HostFigures,
  type PageObservation,
  type BrokenExample,
} from './figures.ts';
export { detectShift, SHIFT_THRESHOLDS, type ShiftThresholds, type ShiftVerdict, type ShiftReason } from './shift.ts';
export { generationOf } from './generation.ts';
export { ExtractionHealth, HEALTH_FLUSH_MS, type FlaggedHost, type ExtractionHealthOptions } from './store.ts';
