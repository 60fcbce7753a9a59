import { useQuery } from '@apollo/client/react';
import { Panel } from '../Panel.tsx';
import { Bar } from './charts.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { MEMBERS } from './operations.ts';
import { daysIn, type DayRange } from './range.ts';

const n = (v: number) => Math.round(v).toLocaleString('en');

/** memberInsight for the membership team: counts and sums per tier and period, never a member. */
export function MembersPanel({ range }: { range: DayRange }) {
  const period = daysIn(range) <= 14 ? 'DAY' : daysIn(range) <= 62 ? 'WEEK' : 'MONTH';
  const { data, loading, error } = useQuery(MEMBERS, { variables: { ...range, period } });
  const insight = data?.memberInsight;
  const maxMembers = Math.max(0, ...(insight?.tiers ?? []).map((t) => t.members));
  const maxIssued = Math.max(0, ...(insight?.periods ?? []).map((p) => Math.max(p.pointsIssued, p.pointsRedeemed)));

  return (
    <Panel id="an-members" title="Members" loading={loading} error={error}>
      {insight && (
        <>
          <table className="an-table an-tiers">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col">
                  <span className="sr-only">Active against all members</span>
                </th>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Points balance
                </th>
                <th scope="col" className="num">
                  Expiring
                </th>
                <th scope="col" className="num">
                  Abandoned carts
                </th>
              </tr>
            </thead>
            <tbody>
              {insight.tiers.map((t) => (
                <tr key={t.tier} data-tier={t.tier}>
                  <th scope="row">{t.tier}</th>
                  <td className="num">{n(t.members)}</td>
                  <td className="an-bar-cell">
                    <Bar value={t.activeMembers} max={maxMembers} tone="good" />
                  </td>
                  <td className="num">{n(t.activeMembers)}</td>
                  <td className="num">{n(t.pointsBalance)}</td>
                  <td className="num">{n(t.expiringPoints)}</td>
                  <td className="num">{n(t.abandonedCartMembers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Points per {period.toLowerCase()}</h3>
          <table className="an-table an-periods">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Issued
                </th>
                <th scope="col" className="num">
                  Redeemed
                </th>
                <th scope="col">
                  <span className="sr-only">Issued and redeemed</span>
                </th>
                <th scope="col" className="num">
                  Expired
                </th>
                <th scope="col" className="num">
                  Expiring
                </th>
              </tr>
            </thead>
            <tbody>
              {insight.periods.map((p) => (
                <tr key={p.start}>
                  <td className="nowrap">{p.start}</td>
                  <td className="num">{n(p.activeMembers)}</td>
                  <td className="num">{n(p.pointsIssued)}</td>
                  <td className="num">{n(p.pointsRedeemed)}</td>
                  <td className="an-bar-cell">
                    <Bar value={p.pointsIssued} max={maxIssued} tone="good" />
                    <Bar value={p.pointsRedeemed} max={maxIssued} tone="bad" />
                  </td>
                  <td className="num">{n(p.pointsExpired)}</td>
                  <td className="num">{n(p.pointsExpiring)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <FreshnessLine freshness={insight?.freshness} />
    </Panel>
  );
}
