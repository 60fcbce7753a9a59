/** Fulfilment tasks of the WMS, for the fulfilment measures of `storePerformance`. */
export const TASK_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS fulfilment_tasks (task_id VARCHAR PRIMARY KEY, kind VARCHAR, fulfilment_type VARCHAR, status VARCHAR,
     location_code VARCHAR, created_at TIMESTAMP, day DATE, due_by TIMESTAMP, order_placed_at TIMESTAMP, completed_at TIMESTAMP)`,
];
