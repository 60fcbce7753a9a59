/**
 * Tables of the member insight (loyalty accounts, points ledger, web shop basket lines). No
 * names, contacts or card numbers: a member is a pseudonymous key (see `memberKey`), so the
 * aggregates can count distinct members without the store holding who they are.
 */
export const MEMBER_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS members (member_key VARCHAR PRIMARY KEY, tier VARCHAR, points DOUBLE, expiring_points DOUBLE,
     expires_on DATE, changed_on DATE)`,
  `CREATE TABLE IF NOT EXISTS points_ledger (posting_id VARCHAR PRIMARY KEY, member_key VARCHAR, posted_at TIMESTAMP, day DATE,
     points DOUBLE, reason VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS basket_lines (member_key VARCHAR, basket VARCHAR, line_id VARCHAR, sku VARCHAR, quantity DOUBLE,
     added_at TIMESTAMP, updated_at TIMESTAMP, PRIMARY KEY (member_key, basket, line_id))`,
];
