/** The shapes the console's operations (operations.ts) answer, as far as the screen reads them. */
export interface Money {
  amount: string;
  currency: string;
}

export interface CustomerHit {
  id: string;
  name: string | null;
  phones: string[] | null;
  emails: string[] | null;
  identities: { system: string }[];
}

export interface Profile {
  id: string;
  name: string | null;
  emails: string[] | null;
  phones: string[] | null;
  identities: { system: string; externalId: string | null; matchedBy: string; confidence: number }[];
  membership: {
    tier: string;
    points: number;
    nextTier: string | null;
    pointsToNextTier: number | null;
    progressToNextTier: number;
    expiringPoints: { points: number; expiresOn: string } | null;
  } | null;
  cards: { kind: string; maskedNumber: string | null; blocked: boolean; balance: Money | null }[] | null;
  cart: { ageDays: number; abandoned: boolean; items: { sku: string; quantity: number; product: { name: string | null } | null }[] } | null;
  wishlist: { items: { sku: string; product: { name: string | null } | null }[] } | null;
  serviceCases: { id: string; kind: string; status: string; subject: string; openedAt: string; orderNumber: string | null }[] | null;
}

export interface OrderLine {
  sku: string;
  name: string | null;
  quantity: number;
  deliveryMethod: string;
  pickupLocation: string | null;
  promisedDate: string | null;
}

export interface Order {
  id: string;
  number: string;
  channel: string;
  salesChannel: string | null;
  status: string;
  sourceStatus: string;
  sourceSystem: string;
  placedAt: string;
  totals: { grandTotal: Money };
  lines: OrderLine[] | null;
  /** Null when the fulfilment subgraph's systems cannot answer (see errors). */
  fulfilmentStatus: string | null;
  /** Null with an error naming CARRIER when the carrier cannot answer. */
  shipments: Shipment[] | null;
}

export interface Shipment {
  id: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  estimatedDelivery: string | null;
  events: { at: string; status: string; location: string; description: string }[];
}

export interface Store {
  id: string;
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  address: { district: string | null };
}

export interface StoreStock {
  location: { id: string; code: string; name: string; address: { line1: string; district: string | null } };
  distanceKm: number;
  price: Money | null;
  atp: number | null;
  earliestDate: string | null;
  availability: { onHand: number; reserved: number; safetyStock: number } | null;
}

export interface ProductInfo {
  sku: string;
  name: string | null;
  brand: string | null;
  price: Money | null;
  networkAvailability: { atp: number; earliestDate: string | null } | null;
}

/** A product the agent may want to look up: from the customer's orders, cart and wishlist. */
export interface SkuChoice {
  sku: string;
  name: string;
}

export type ReserveResult =
  | {
      __typename: 'Reservation';
      id: string;
      number: string;
      status: string;
      quantity: number;
      expiresAt: string;
      replayed: boolean;
      location: { id: string; name: string };
    }
  | { __typename: 'InsufficientStock'; requested: number; available: number };

export interface QuoteLine {
  line: number;
  sku: string;
  quantity: number;
  deliveryMethod: string;
  serviceLevel: string;
  promisedDate: string | null;
  fromLocationId: string | null;
  note: string | null;
}

export type PlaceResult =
  | { __typename: 'OrderPlaced'; replayed: boolean; order: { id: string; number: string; status: string; channel: string } }
  | { __typename: 'OrderInsufficientStock'; sku: string; requested: number; available: number }
  | { __typename: 'OrderRejected'; reason: string };

export interface CustomerReturn {
  id: string;
  number: string;
  status: string;
  channel: string | null;
  createdAt: string;
  total: Money;
  originalOrder: { id: string; number: string };
  lines: { sku: string; quantity: number; reason: string | null }[];
  refund: { amount: Money } | null;
}

export type InterceptResult =
  | {
      __typename: 'InterceptAccepted';
      action: string;
      shipment: { id: string; trackingNumber: string; status: string; estimatedDelivery: string | null };
    }
  | { __typename: 'InterceptTooLate'; reason: string; message: string }
  | { __typename: 'ShipmentNotFound'; trackingNumber: string };

export interface Eligibility {
  windowClosesOn: string;
  lines: { sku: string; purchased: number; alreadyReturned: number; returnable: number; reasons: { code: string; message: string }[] }[];
}

export type CreateReturnResult =
  | { __typename: 'ReturnCreated'; replayed: boolean; return: { id: string; number: string; status: string; total: Money } }
  | { __typename: 'ReturnNotEligible'; reasons: { sku: string | null; code: string; message: string }[] }
  | { __typename: 'ReturnProofNotFound'; message: string };
