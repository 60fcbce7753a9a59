import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES, decide } from '../../gateway/src/auth/index.ts';
import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const MEMBER_INSIGHT = `query MemberInsight($from: String!, $to: String!) {
  memberInsight(from: $from, to: $to, period: MONTH) {
    tiers { tier members activeMembers inactiveMembers pointsBalance expiringPoints abandonedCartMembers }
    periods { start end activeMembers pointsIssued pointsRedeemed pointsExpired pointsExpiring membersExpiring abandonedCartMembers }
    abandonedCarts { members lines units olderThanHours }
    freshness { system feed stale dataThrough }
  }
}`;
const WINDOW = { from: '2026-09-01', to: '2026-10-31' };

interface Insight {
  memberInsight: {
    tiers: { tier: string; members: number; activeMembers: number }[];
    periods: { start: string; pointsIssued: number }[];
    abandonedCarts: { members: number };
    freshness: { system: string; feed: string; stale: boolean }[];
  } | null;
}

describe('member insight through the gateway: admin and analyst only, aggregates only', () => {
  let stack: TestStack;
  let ds: Dataset;

  beforeAll(async () => {
    // An in-memory analytics store (ANALYTICS_DB), loaded from the simulators on first use.
    stack = await startTestStack({ scale: 0.05, env: { ANALYTICS_DB: ':memory:' } });
    ds = getDataset({ scale: 0.05 });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('analyst gets counts by tier and period, with the ERP member feeds fresh and no member identified', async () => {
    const res = await gql<Insight>(stack.url, MEMBER_INSIGHT, WINDOW, stack.credentials.analyst);
    expect(res.body.errors).toBeUndefined();
    const insight = res.body.data!.memberInsight!;
    expect(insight.tiers.reduce((n, t) => n + t.members, 0)).toBe(ds.erp.customers.length);
    expect(insight.tiers.some((t) => t.activeMembers > 0)).toBe(true);
    expect(insight.periods.map((p) => p.start)).toEqual(['2026-09-01', '2026-10-01']);
    expect(insight.freshness.map((f) => [f.system, f.feed, f.stale])).toEqual([
      ['ERP', 'LOYALTY', false],
      ['ERP', 'POINTS', false],
      ['ERP', 'BASKETS', false],
    ]);
    // No partner number, name or email anywhere in the answer.
    const text = JSON.stringify(res.body);
    for (const c of ds.erp.customers.slice(0, 20)) {
      expect(text).not.toContain(c.businessPartner);
      expect(text).not.toContain(c.lastName);
    }
    const admin = await gql<Insight>(stack.url, MEMBER_INSIGHT, WINDOW, stack.credentials.admin);
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data!.memberInsight!.tiers).toEqual(insight.tiers);
  }, 120_000);

  it('a staff role without analytics:read (agent) is FORBIDDEN on the field', async () => {
    const res = await gql<Insight>(stack.url, MEMBER_INSIGHT, WINDOW, stack.credentials.agent);
    expect(res.body.data?.memberInsight ?? null).toBeNull();
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'Query.memberInsight' } });
  });

  it('chatbot and partner: refused before execution, and FORBIDDEN by the field policy; no persisted operation reaches it', async () => {
    for (const role of ['chatbot', 'partner'] as const) {
      const res = await gql<Insight>(stack.url, MEMBER_INSIGHT, WINDOW, stack.credentials[role]);
      expect(res.status, role).toBe(403);
      expect(res.body.data ?? null, role).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code, role).toBe('PERSISTED_QUERY_REQUIRED');
      // Were a persisted operation ever to select it, the scope check refuses these roles.
      expect(decide(stack.auth.policy, 'Query.memberInsight', { role, scopes: ROLE_SCOPES[role] }), role).toMatchObject({
        allow: false,
        reason: 'requires scope analytics:read',
      });
    }
    expect(stack.auth.safelist.operations.filter((op) => /memberInsight/.test(op.body))).toEqual([]);
  });
});
