import type { CallerRole } from '../../../subgraphs/runtime/src/index.ts';

/**
 * Every abuse limit of the gateway in one place; `docs/security.md` documents these numbers.
 * Each can be overridden from the environment (see `readSecurityConfig`).
 */
export interface OperationLimits {
  /** Deepest field nesting, fragments expanded. */
  maxDepth: number;
  /** Aliased fields per operation (alias bombs repeat one expensive field under many names). */
  maxAliases: number;
  /** Directive uses per operation. */
  maxDirectives: number;
  /** Lexer tokens per document; the parser stops at this many. */
  maxTokens: number;
  /** Longest string argument or variable value, in characters. */
  maxStringLength: number;
  /** Operations in one batched HTTP request. */
  maxBatch: number;
  /** Largest request body, in bytes. */
  bodyLimitBytes: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 20,
  maxTokens: 4000,
  maxStringLength: 1000,
  maxBatch: 5,
  bodyLimitBytes: 256 * 1024,
};

export interface RateLimit {
  /** Burst: requests a caller may send at once. */
  capacity: number;
  /** Sustained requests per second. */
  refillPerSecond: number;
}

export interface RoleLimits {
  /** Largest estimated cost of one operation (see `estimateCost`). */
  maxCost: number;
  rate: RateLimit;
}

/** Per-role maxima: machines get narrow budgets, staff screens room for a customer 360. */
export const ROLE_LIMITS: Record<CallerRole, RoleLimits> = {
  anonymous: { maxCost: 2500, rate: { capacity: 100, refillPerSecond: 20 } },
  chatbot: { maxCost: 500, rate: { capacity: 50, refillPerSecond: 10 } },
  partner: { maxCost: 1000, rate: { capacity: 20, refillPerSecond: 5 } },
  store: { maxCost: 5000, rate: { capacity: 100, refillPerSecond: 20 } },
  agent: { maxCost: 10_000, rate: { capacity: 200, refillPerSecond: 50 } },
  analyst: { maxCost: 20_000, rate: { capacity: 100, refillPerSecond: 10 } },
  admin: { maxCost: 50_000, rate: { capacity: 500, refillPerSecond: 100 } },
};

/** List size assumed when a list field has no `first` argument. */
export const DEFAULT_LIST_SIZE = 10;

/**
 * Fields that cost more than the default (1 per object or list field, 0 per scalar): each
 * fans out to legacy systems. Keyed by schema coordinate; unknown coordinates cost the default.
 */
export const FIELD_COSTS: Record<string, number> = {
  'Query.findCustomers': 10,
  'Query.customer': 5,
  'Query.order': 5,
  'Query.product': 2,
  'Query.storesNear': 20,
  'Query.shipment': 5,
  'Customer.orders': 10,
  'Order.lines': 2,
  'Order.payments': 2,
};

/** Expected sizes of lists that are small by nature (no `first` argument). */
export const LIST_SIZES: Record<string, number> = {
  'Customer.emails': 3,
  'Customer.phones': 3,
  'Customer.identities': 5,
  'Order.payments': 3,
  'Order.lines': 5,
  // Sized at its maximum (100 SKUs per call): the estimate never undercounts a long list.
  'Query.products': 100,
};

/**
 * Searches that return few results when given a key: a phone, email, card or order number
 * names one person (a handful of records at most), whatever `first` allows; a name search is
 * sized by `first`. Coordinate → the arguments that make it a keyed lookup, and the size assumed.
 */
export const KEYED_LOOKUPS: Record<string, { args: readonly string[]; size: number }> = {
  'Query.findCustomers': { args: ['phone', 'email', 'cardNumber', 'orderNumber'], size: 3 },
};
