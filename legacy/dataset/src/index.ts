/** The seeded world the legacy simulators serve; see docs/dataset.md. */
export type * from './types.ts';
export {
  BASE_COUNTS,
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SCALE,
  DEFAULT_SEED,
  clearDatasetCache,
  generateDataset,
  getDataset,
  resolveOptions,
} from './generate.ts';
export {
  findPersonWithMostOrders,
  normalizeEmail,
  normalizePhone,
  orderCountsByPerson,
  recordsOfPerson,
  summarizeDataset,
  type PersonRecords,
} from './lookup.ts';
export { MARKETPLACE_IDS } from './generateMarketplaceOrders.ts';
export { decimalToFen, fenToDecimal, isValidEan13 } from './format.ts';
export { plantedAnomalies } from './generateAnomalies.ts';
export type { PlantedAnomaly } from './generateAnomalies.ts';
export { shrinkageStore } from './generateCycleCounts.ts';
