/**
 * The sourcing vocabulary: what an order asks for, what each candidate location offers, and the
 * plan with every candidate's score and reasons. Plain data, so a strategy is a pure function.
 */

export type OrderPriority = 'EXPRESS' | 'STANDARD' | 'REPLENISHMENT';
export type SplitPreference = 'FEWEST' | 'AS_AVAILABLE';
export type CandidateKind = 'STORE' | 'DC' | 'SUPPLIER';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface SourcingLine {
  lineId: string;
  sku: string;
  quantity: number;
}

export interface SourcingRequest {
  orderId: string;
  /** When the order was placed (ISO); older orders go first among equals. */
  placedAt: string;
  priority: OrderPriority;
  deliveryMethod: 'SHIP' | 'PICKUP';
  /** Where the goods must end up: the customer's address or the pickup store. */
  destination: GeoPoint;
  /** The store the customer collects from (PICKUP). */
  pickupLocationCode?: string;
  lines: readonly SourcingLine[];
  /** FEWEST unless the customer asked to receive what is available first. @default "FEWEST" */
  splitPreference?: SplitPreference;
  /** Locations never to use again for this order (they rejected it). */
  excludedLocations?: readonly string[];
}

export interface CandidateLocation {
  code: string;
  kind: CandidateKind;
  name: string;
  latitude: number;
  longitude: number;
  /** Order lines the site can pick per hour. */
  labourCapacityPerHour: number;
  /** Local hours (0–23) when the site is busiest. */
  peakHours: readonly number[];
  leadTimeDays: number;
  /** Units free to allocate now, per SKU (on hand − reserved − allocated − safety stock). */
  available: Readonly<Record<string, number>>;
  /** Task lines already open at the site (created, accepted, picked). */
  openTaskLines: number;
  /** Cheapest carrier rate from the site to the destination, when known. */
  shippingCost?: number;
}

export interface ScoreComponents {
  distanceKm: number;
  /** Each 0–1, higher is better. */
  distance: number;
  stockDepth: number;
  labour: number;
  shippingCost: number;
  leadTime: number;
}

export interface CandidateScore {
  locationCode: string;
  kind: CandidateKind;
  /** 0–100; 0 for a location that cannot take any line. */
  score: number;
  eligible: boolean;
  chosen: boolean;
  /** Lines this location could fill in full. */
  fillableLines: string[];
  components: ScoreComponents;
  reasons: string[];
}

export interface Allocation {
  locationCode: string;
  kind: CandidateKind;
  lines: SourcingLine[];
  /** The pickup store the goods travel to, when they do not start there. */
  transferTo?: string;
}

export interface SourcingPlan {
  orderId: string;
  priority: OrderPriority;
  allocations: Allocation[];
  /** Lines no allowed combination of locations can fill. */
  unfilledLines: SourcingLine[];
  splits: number;
  maxSplits: number;
  candidates: CandidateScore[];
  explanation: string;
}

/**
 * Chooses where an order is fulfilled from. `plan` must be pure: everything it needs is in its
 * arguments (the I/O that gathers candidates happens before), so a plan is repeatable and testable.
 */
export interface SourcingStrategy {
  readonly name: string;
  plan(request: SourcingRequest, candidates: readonly CandidateLocation[], at: Date): SourcingPlan;
}
