import type { AnalyticsStore } from './store.ts';
import { checkPeriod } from './summary.ts';

export type MemberPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface MemberInsightOptions {
  /** Length of each row of `periods` (weeks start on Monday). @default 'MONTH' */
  period?: MemberPeriod;
  /** A cart untouched for this long, with no purchase since, is abandoned. @default 24 */
  abandonedAfterHours?: number;
  /** The instant carts are judged at. @default new Date() */
  now?: Date;
}

export interface MemberTierRow {
  tier: string;
  /** Members of the tier today. */
  members: number;
  /** Of those, members with a purchase or redemption posted in the window. */
  activeMembers: number;
  inactiveMembers: number;
  pointsBalance: number;
  expiringPoints: number;
  /** Members of the tier whose cart was abandoned within the window. */
  abandonedCartMembers: number;
}

export interface MemberPeriodRow {
  /** First and last local day of the period, clipped to the window (YYYY-MM-DD). */
  start: string;
  end: string;
  /** Distinct members with a purchase or redemption posted in the period. */
  activeMembers: number;
  /** Points earned by purchases and positive adjustments. */
  pointsIssued: number;
  pointsRedeemed: number;
  /** Points that lapsed (EXPIRY postings). */
  pointsExpired: number;
  /** Points on today's accounts due to lapse within the period, and the members holding them. */
  pointsExpiring: number;
  membersExpiring: number;
  abandonedCartMembers: number;
}

export interface MemberInsight {
  tiers: MemberTierRow[];
  periods: MemberPeriodRow[];
  /** Every member whose last cart change fell in the window and who has not bought since. */
  abandonedCarts: { members: number; lines: number; units: number; olderThanHours: number };
}

const DAY_MS = 86_400_000;
const TIER_ORDER = "CASE tier WHEN 'BASIC' THEN 1 WHEN 'SILVER' THEN 2 WHEN 'GOLD' THEN 3 WHEN 'PLATINUM' THEN 4 ELSE 5 END, tier";
const UNIT: Record<MemberPeriod, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month' };

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day of the period holding `d` (YYYY-MM-DD), not before `from`. */
function periodStart(d: string, period: MemberPeriod, from: string): string {
  const ms = Date.parse(d);
  const start = period === 'DAY' ? d : period === 'MONTH' ? `${d.slice(0, 7)}-01` : day(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
  return start < from ? from : start;
}

/** Every period of the window, with its clipped first and last day. */
function periods(from: string, to: string, period: MemberPeriod): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += DAY_MS) {
    const d = day(ms);
    const start = periodStart(d, period, from);
    const last = out.at(-1);
    if (last && last.start === start) last.end = d;
    else out.push({ start, end: d });
  }
  return out;
}

/**
 * Members by tier and activity, points issued / redeemed / expired / expiring per period and
 * abandoned carts, over the window `from`–`to` (local days). Counts and sums only: no member
 * is listed. A member is active when a purchase or redemption was posted to their account.
 */
export async function memberInsight(
  store: AnalyticsStore,
  from: string,
  to: string,
  options: MemberInsightOptions = {},
): Promise<MemberInsight> {
  const days = checkPeriod(from, to);
  const period = options.period ?? 'MONTH';
  if (!(period in UNIT)) throw new RangeError(`period is one of ${Object.keys(UNIT).join(', ')}`);
  if (period === 'DAY' && days > 400) throw new RangeError('daily periods cover at most 400 days');
  const hours = options.abandonedAfterHours ?? 24;
  if (!(hours >= 0 && hours <= 24 * 365)) throw new RangeError('abandonedAfterHours is between 0 and 8760');
  const cutoff = new Date((options.now ?? new Date()).getTime() - hours * 3_600_000).toISOString();
  const unit = UNIT[period];
  const offset = store.offsetMinutes;
  const params = { from, to };

  // Carts judged once: untouched since the cutoff, no purchase posted at or after their last change.
  const abandoned = `WITH carts AS (
      SELECT member_key, MAX(updated_at) AS last_change, COUNT(*) AS lines, SUM(quantity) AS units
      FROM basket_lines WHERE basket = 'CART' GROUP BY member_key),
    abandoned AS (
      SELECT c.*, CAST(c.last_change + INTERVAL (${offset}) MINUTE AS DATE) AS day FROM carts c
      WHERE c.last_change <= CAST($cutoff AS TIMESTAMPTZ)::TIMESTAMP
        AND CAST(c.last_change + INTERVAL (${offset}) MINUTE AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
        AND NOT EXISTS (SELECT 1 FROM points_ledger p
                        WHERE p.member_key = c.member_key AND p.reason = 'PURCHASE' AND p.posted_at >= c.last_change))`;

  const tiers = await store.query<Record<string, number | string | null>>(
    `${abandoned},
     active AS (SELECT DISTINCT member_key FROM points_ledger
                WHERE reason IN ('PURCHASE', 'REDEMPTION') AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE))
     SELECT m.tier AS tier, COUNT(*) AS members, COUNT(a.member_key) AS active, SUM(m.points) AS points,
            SUM(m.expiring_points) AS expiring, COUNT(x.member_key) AS abandoned
     FROM members m LEFT JOIN active a USING (member_key) LEFT JOIN abandoned x USING (member_key)
     GROUP BY m.tier ORDER BY ${TIER_ORDER}`,
    { ...params, cutoff },
  );
  const ledger = await store.query<Record<string, number | string | null>>(
    `SELECT CAST(date_trunc('${unit}', day) AS DATE) AS bucket,
       SUM(points) FILTER (WHERE points > 0 AND reason IN ('PURCHASE', 'ADJUSTMENT')) AS issued,
       -SUM(points) FILTER (WHERE reason = 'REDEMPTION') AS redeemed,
       -SUM(points) FILTER (WHERE reason = 'EXPIRY') AS expired,
       COUNT(DISTINCT member_key) FILTER (WHERE reason IN ('PURCHASE', 'REDEMPTION')) AS active
     FROM points_ledger WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) GROUP BY 1`,
    params,
  );
  const expiring = await store.query<Record<string, number | string | null>>(
    `SELECT CAST(date_trunc('${unit}', expires_on) AS DATE) AS bucket, SUM(expiring_points) AS points, COUNT(*) AS members
     FROM members WHERE expiring_points > 0 AND expires_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) GROUP BY 1`,
    params,
  );
  const carts = await store.query<Record<string, number | string | null>>(
    `${abandoned} SELECT CAST(date_trunc('${unit}', day) AS DATE) AS bucket, COUNT(*) AS members, SUM(lines) AS lines, SUM(units) AS units
     FROM abandoned GROUP BY 1`,
    { ...params, cutoff },
  );

  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const byBucket = (rows: Record<string, number | string | null>[]) =>
    new Map(rows.map((r) => [periodStart(String(r.bucket), period, from), r]));
  const [ledgerBy, expiringBy, cartsBy] = [byBucket(ledger), byBucket(expiring), byBucket(carts)];
  return {
    tiers: tiers.map((r) => ({
      tier: String(r.tier),
      members: n(r.members),
      activeMembers: n(r.active),
      inactiveMembers: n(r.members) - n(r.active),
      pointsBalance: n(r.points),
      expiringPoints: n(r.expiring),
      abandonedCartMembers: n(r.abandoned),
    })),
    periods: periods(from, to, period).map(({ start, end }) => {
      const l = ledgerBy.get(start);
      const e = expiringBy.get(start);
      return {
        start,
        end,
        activeMembers: n(l?.active),
        pointsIssued: n(l?.issued),
        pointsRedeemed: n(l?.redeemed),
        pointsExpired: n(l?.expired),
        pointsExpiring: n(e?.points),
        membersExpiring: n(e?.members),
        abandonedCartMembers: n(cartsBy.get(start)?.members),
      };
    }),
    abandonedCarts: {
      members: carts.reduce((s, r) => s + n(r.members), 0),
      lines: carts.reduce((s, r) => s + n(r.lines), 0),
      units: carts.reduce((s, r) => s + n(r.units), 0),
      olderThanHours: hours,
    },
  };
}
