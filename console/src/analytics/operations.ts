import { gql, type TypedDocumentNode } from '@apollo/client';
import type { Money } from '../types.ts';

/** How far one system's data in the analytical store reaches (every analytics answer carries it). */
export interface Freshness {
  system: string;
  feed: string | null;
  dataThrough: string | null;
  lastSuccessAt: string | null;
  stale: boolean;
  lastError: string | null;
}

export type Dimension = 'CHANNEL' | 'STORE' | 'CATEGORY' | 'SKU' | 'DAY';

export interface SummaryRow {
  channel: string | null;
  store: string | null;
  category: string | null;
  sku: string | null;
  day: string | null;
  revenue: Money;
  units: number;
  orders: number;
  averageBasket: Money;
  returnRate: number | null;
  previousRevenue: Money;
  changeVsPreviousPeriod: number | null;
  sameWeekdayRevenue: Money;
  changeVsSameWeekday: number | null;
}

export interface SalesAnomaly {
  scope: string;
  key: string;
  day: string;
  metric: string;
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
  direction: 'HIGH' | 'LOW';
  reason: string;
}

export interface StockAnomaly {
  kind: string;
  locationId: string;
  sku: string;
  at: string;
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
  reason: string;
}

export interface AbcItem {
  sku: string;
  category: string | null;
  revenue: string;
  units: number;
  revenueShare: number;
  cumulativeShare: number;
  abcClass: 'A' | 'B' | 'C';
  onHand: number | null;
  turnover: number | null;
  daysOfCover: number | null;
}

export interface MemberTier {
  tier: string;
  members: number;
  activeMembers: number;
  inactiveMembers: number;
  pointsBalance: number;
  expiringPoints: number;
  abandonedCartMembers: number;
}

export interface MemberPeriod {
  start: string;
  end: string;
  activeMembers: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  pointsExpiring: number;
  abandonedCartMembers: number;
}

const FRESHNESS = gql`
  fragment ConsoleFreshness on SystemFreshness {
    system
    feed
    dataThrough
    lastSuccessAt
    stale
    lastError
  }
`;

export const SALES_SUMMARY: TypedDocumentNode<
  { salesSummary: { rows: SummaryRow[]; freshness: Freshness[] } },
  { from: string; to: string; groupBy: Dimension[] }
> = gql`
  query ConsoleSalesSummary($from: String!, $to: String!, $groupBy: [SalesDimension!]) {
    salesSummary(from: $from, to: $to, groupBy: $groupBy) {
      rows {
        channel
        store
        category
        sku
        day
        revenue {
          amount
          currency
        }
        units
        orders
        averageBasket {
          amount
          currency
        }
        returnRate
        previousRevenue {
          amount
          currency
        }
        changeVsPreviousPeriod
        sameWeekdayRevenue {
          amount
          currency
        }
        changeVsSameWeekday
      }
      freshness {
        ...ConsoleFreshness
      }
    }
  }
  ${FRESHNESS}
`;

const SALES_ANOMALY = gql`
  fragment ConsoleSalesAnomaly on SalesAnomalyReport {
    anomalies {
      scope
      key
      day
      metric
      observed
      expected
      expectedLow
      expectedHigh
      score
      direction
      reason
    }
    freshness {
      ...ConsoleFreshness
    }
  }
`;

type SalesAnomalyReport = { anomalies: SalesAnomaly[]; freshness: Freshness[] };

/** Every scope at once (one request): the page lists them together, biggest departure first. */
export const ANOMALIES: TypedDocumentNode<
  {
    stores: SalesAnomalyReport;
    channels: SalesAnomalyReport;
    skus: SalesAnomalyReport;
    stockAnomalies: { anomalies: StockAnomaly[]; freshness: Freshness[] };
  },
  { from: string; to: string }
> = gql`
  query ConsoleAnomalies($from: String!, $to: String!) {
    stores: salesAnomalies(from: $from, to: $to, scope: STORE) {
      ...ConsoleSalesAnomaly
    }
    channels: salesAnomalies(from: $from, to: $to, scope: CHANNEL) {
      ...ConsoleSalesAnomaly
    }
    skus: salesAnomalies(from: $from, to: $to, scope: SKU) {
      ...ConsoleSalesAnomaly
    }
    stockAnomalies {
      anomalies {
        kind
        locationId
        sku
        at
        observed
        expected
        expectedLow
        expectedHigh
        score
        reason
      }
      freshness {
        ...ConsoleFreshness
      }
    }
  }
  ${SALES_ANOMALY}
  ${FRESHNESS}
`;

export const ABC: TypedDocumentNode<
  { inventoryClassification: { locationId: string; skus: AbcItem[]; freshness: Freshness[] } },
  { locationId: string; from: string; to: string }
> = gql`
  query ConsoleAbc($locationId: ID!, $from: String, $to: String) {
    inventoryClassification(locationId: $locationId, from: $from, to: $to) {
      locationId
      skus {
        sku
        category
        revenue
        units
        revenueShare
        cumulativeShare
        abcClass
        onHand
        turnover
        daysOfCover
      }
      freshness {
        ...ConsoleFreshness
      }
    }
  }
  ${FRESHNESS}
`;

export const MEMBERS: TypedDocumentNode<
  { memberInsight: { tiers: MemberTier[]; periods: MemberPeriod[]; freshness: Freshness[] } },
  { from: string; to: string; period: 'DAY' | 'WEEK' | 'MONTH' }
> = gql`
  query ConsoleMemberInsight($from: String!, $to: String!, $period: MemberPeriod) {
    memberInsight(from: $from, to: $to, period: $period) {
      tiers {
        tier
        members
        activeMembers
        inactiveMembers
        pointsBalance
        expiringPoints
        abandonedCartMembers
      }
      periods {
        start
        end
        activeMembers
        pointsIssued
        pointsRedeemed
        pointsExpired
        pointsExpiring
        abandonedCartMembers
      }
      freshness {
        ...ConsoleFreshness
      }
    }
  }
  ${FRESHNESS}
`;

/** Stores and DCs for the ABC table's location picker. */
export const ANALYTICS_LOCATIONS: TypedDocumentNode<
  { locations: { id: string; code: string; name: string; kind: string }[] | null },
  Record<string, never>
> = gql`
  query ConsoleAnalyticsLocations {
    locations {
      id
      code
      name
      kind
    }
  }
`;

export const ANALYTICS_FRESHNESS: TypedDocumentNode<{ analyticsFreshness: Freshness[] }, Record<string, never>> = gql`
  query ConsoleAnalyticsFreshness {
    analyticsFreshness {
      ...ConsoleFreshness
    }
  }
  ${FRESHNESS}
`;

export interface StoreRow {
  rank: number;
  store: string;
  revenue: Money;
  orders: number;
  returnRate: number | null;
  changeVsPreviousPeriod: number | null;
  stockAccuracy: number | null;
  cycleCounts: number;
  fulfilments: number;
  onTimeRate: number | null;
  rejectionRate: number | null;
  cycleTimeHours: number | null;
}

export const STORE_PERFORMANCE: TypedDocumentNode<
  { storePerformance: { stores: StoreRow[]; freshness: Freshness[] } },
  { from: string; to: string }
> = gql`
  query ConsoleStorePerformance($from: String!, $to: String!) {
    storePerformance(from: $from, to: $to) {
      stores {
        rank
        store
        revenue {
          amount
          currency
        }
        orders
        returnRate
        changeVsPreviousPeriod
        stockAccuracy
        cycleCounts
        fulfilments
        onTimeRate
        rejectionRate
        cycleTimeHours
      }
      freshness {
        ...ConsoleFreshness
      }
    }
  }
  ${FRESHNESS}
`;
