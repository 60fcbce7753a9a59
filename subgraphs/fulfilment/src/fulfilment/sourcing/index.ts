export { DefaultSourcingStrategy, distanceKm } from './DefaultSourcingStrategy.ts';
export type { DefaultSourcingOptions, SourcingWeights } from './DefaultSourcingStrategy.ts';
export { planBatch } from './batch.ts';
export type {
  Allocation,
  CandidateKind,
  CandidateLocation,
  CandidateScore,
  GeoPoint,
  OrderPriority,
  ScoreComponents,
  SourcingLine,
  SourcingPlan,
  SourcingRequest,
  SourcingStrategy,
  SplitPreference,
} from './types.ts';
