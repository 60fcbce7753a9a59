export { createSimulator, faultsFromEnv } from './createSimulator.ts';
export type { ErrorRenderer, RecordedCall, Simulator, SimulatorOptions } from './createSimulator.ts';
export { FaultController, NO_FAULTS, parseFaults } from './faults.ts';
export type { FaultDecision, FaultSettings, OutageMode } from './faults.ts';
export { FieldIndex, FieldIndexes } from './fieldIndex.ts';
export type { FieldIndexOptions, FieldReader } from './fieldIndex.ts';
