import { gql, type TypedDocumentNode } from '@apollo/client';
import type { SearchKind } from './search.ts';
import type {
  CreateReturnResult,
  CustomerHit,
  CustomerReturn,
  Eligibility,
  InterceptResult,
  Order,
  PlaceResult,
  ProductInfo,
  Profile,
  QuoteLine,
  ReserveResult,
  Store,
  StoreStock,
} from './types.ts';

/** Exactly one of the arguments is sent: the one `classifySearch` picked. */
export const FIND_CUSTOMERS: TypedDocumentNode<{ findCustomers: CustomerHit[] }, Partial<Record<SearchKind, string>>> = gql`
  query ConsoleFindCustomers($phone: String, $email: String, $cardNumber: String, $orderNumber: String, $name: String) {
    findCustomers(phone: $phone, email: $email, cardNumber: $cardNumber, orderNumber: $orderNumber, name: $name, first: 8) {
      id
      name
      phones
      emails
      identities {
        system
      }
    }
  }
`;

export const CUSTOMER_PROFILE: TypedDocumentNode<{ customer: Profile | null }, { id: string }> = gql`
  query ConsoleCustomerProfile($id: ID!) {
    customer(id: $id) {
      id
      name
      emails
      phones
      identities {
        system
        externalId
        matchedBy
        confidence
      }
      membership {
        tier
        points
        nextTier
        pointsToNextTier
        progressToNextTier
        expiringPoints {
          points
          expiresOn
        }
      }
      cards {
        kind
        maskedNumber
        blocked
        balance {
          amount
          currency
        }
      }
      cart {
        ageDays
        abandoned
        items {
          sku
          quantity
          product {
            name
          }
        }
      }
      wishlist {
        items {
          sku
          product {
            name
          }
        }
      }
      serviceCases {
        id
        kind
        status
        subject
        openedAt
        orderNumber
      }
    }
  }
`;

export const CUSTOMER_ORDERS: TypedDocumentNode<
  { customer: { id: string; orders: { totalCount: number; nodes: Order[] } } | null },
  { id: string; first: number }
> = gql`
  query ConsoleCustomerOrders($id: ID!, $first: Int!) {
    customer(id: $id) {
      id
      orders(first: $first) {
        totalCount
        nodes {
          id
          number
          channel
          salesChannel
          status
          sourceStatus
          sourceSystem
          placedAt
          totals {
            grandTotal {
              amount
              currency
            }
          }
          lines {
            sku
            name
            quantity
            deliveryMethod
            pickupLocation
            promisedDate
          }
          fulfilmentStatus
          shipments {
            id
            carrier
            trackingNumber
            status
            estimatedDelivery
            events {
              at
              status
              location
              description
            }
          }
        }
      }
    }
  }
`;

export const STORES: TypedDocumentNode<{ locations: Store[] | null }, Record<string, never>> = gql`
  query ConsoleStores {
    locations(kind: STORE) {
      id
      code
      name
      latitude
      longitude
      address {
        district
      }
    }
  }
`;

export const STOCK_NEAR: TypedDocumentNode<
  { product: ProductInfo | null; storesNear: StoreStock[] | null },
  { sku: string; latitude: number; longitude: number; quantity: number }
> = gql`
  query ConsoleStockNear($sku: ID!, $latitude: Float!, $longitude: Float!, $quantity: Int!) {
    product(sku: $sku) {
      sku
      name
      brand
      price {
        amount
        currency
      }
      networkAvailability(quantity: $quantity) {
        atp
        earliestDate
      }
    }
    storesNear(latitude: $latitude, longitude: $longitude, radiusKm: 25, sku: $sku, quantity: $quantity) {
      location {
        id
        code
        name
        address {
          line1
          district
        }
      }
      distanceKm
      price {
        amount
        currency
      }
      atp
      earliestDate
      availability {
        onHand
        reserved
        safetyStock
      }
    }
  }
`;

export const RESERVE: TypedDocumentNode<
  { reserveInventory: ReserveResult | null },
  { sku: string; locationId: string; quantity: number; key: string; reference?: string }
> = gql`
  mutation ConsoleReserve($sku: ID!, $locationId: ID!, $quantity: Int!, $key: String!, $reference: String) {
    reserveInventory(
      sku: $sku
      locationId: $locationId
      quantity: $quantity
      ttlMinutes: 120
      idempotencyKey: $key
      reference: $reference
    ) {
      __typename
      ... on Reservation {
        id
        number
        status
        quantity
        expiresAt
        replayed
        location {
          id
          name
        }
      }
      ... on InsufficientStock {
        requested
        available
      }
    }
  }
`;

export const QUOTE: TypedDocumentNode<{ orderQuote: { today: string; lines: QuoteLine[] } | null }, { input: Record<string, unknown> }> =
  gql`
    query ConsoleQuote($input: OrderQuoteInput!) {
      orderQuote(input: $input) {
        today
        lines {
          line
          sku
          quantity
          deliveryMethod
          serviceLevel
          promisedDate
          fromLocationId
          note
        }
      }
    }
  `;

export const PLACE_ORDER: TypedDocumentNode<{ placeOrder: PlaceResult | null }, { input: Record<string, unknown>; key: string }> = gql`
  mutation ConsolePlaceOrder($input: PlaceOrderInput!, $key: String!) {
    placeOrder(input: $input, idempotencyKey: $key) {
      __typename
      ... on OrderPlaced {
        replayed
        order {
          id
          number
          status
          channel
        }
      }
      ... on OrderInsufficientStock {
        sku
        requested
        available
      }
      ... on OrderRejected {
        reason
      }
    }
  }
`;

export const CUSTOMER_RETURNS: TypedDocumentNode<{ customer: { id: string; returns: CustomerReturn[] | null } | null }, { id: string }> =
  gql`
    query ConsoleCustomerReturns($id: ID!) {
      customer(id: $id) {
        id
        returns {
          id
          number
          status
          channel
          createdAt
          total {
            amount
            currency
          }
          originalOrder {
            id
            number
          }
          lines {
            sku
            quantity
            reason
          }
          refund {
            amount {
              amount
              currency
            }
          }
        }
      }
    }
  `;

export const INTERCEPT: TypedDocumentNode<
  { interceptShipment: InterceptResult | null },
  { trackingNumber: string; action: string; key: string }
> = gql`
  mutation ConsoleIntercept($trackingNumber: String!, $action: InterceptAction!, $key: String!) {
    interceptShipment(trackingNumber: $trackingNumber, action: $action, idempotencyKey: $key) {
      __typename
      ... on InterceptAccepted {
        action
        shipment {
          id
          trackingNumber
          status
          estimatedDelivery
        }
      }
      ... on InterceptTooLate {
        reason
        message
      }
      ... on ShipmentNotFound {
        trackingNumber
      }
    }
  }
`;

export const RETURN_ELIGIBILITY: TypedDocumentNode<{ returnEligibility: Eligibility | null }, { orderId: string }> = gql`
  query ConsoleReturnEligibility($orderId: ID!) {
    returnEligibility(orderId: $orderId) {
      windowClosesOn
      lines {
        sku
        purchased
        alreadyReturned
        returnable
        reasons {
          code
          message
        }
      }
    }
  }
`;

export const CREATE_RETURN: TypedDocumentNode<
  { createReturn: CreateReturnResult | null },
  { input: Record<string, unknown>; key: string }
> = gql`
  mutation ConsoleCreateReturn($input: CreateReturnInput!, $key: String!) {
    createReturn(input: $input, idempotencyKey: $key) {
      __typename
      ... on ReturnCreated {
        replayed
        return {
          id
          number
          status
          total {
            amount
            currency
          }
        }
      }
      ... on ReturnNotEligible {
        reasons {
          sku
          code
          message
        }
      }
      ... on ReturnProofNotFound {
        message
      }
    }
  }
`;
