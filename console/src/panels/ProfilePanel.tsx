import type { ErrorLike } from '@apollo/client';
import { date, money, words } from '../format.ts';
import { Panel } from '../Panel.tsx';
import type { StaleRead } from '../stale.ts';
import type { Profile } from '../types.ts';

export interface ProfilePanelProps {
  profile: Profile | undefined;
  loading: boolean;
  error: ErrorLike | undefined;
  stale: StaleRead[];
  onRefresh: () => void;
}

/** Who the caller is: contact details, the records the graph joined, membership and cards. */
export function ProfilePanel({ profile, loading, error, stale, onRefresh }: ProfilePanelProps) {
  return (
    <Panel
      id="profile"
      title={profile?.name ?? 'Customer'}
      loading={loading}
      error={error}
      stale={stale}
      className="profile"
      actions={
        <button type="button" className="small" onClick={onRefresh}>
          Refresh
        </button>
      }
    >
      {profile && (
        <>
          <dl className="facts">
            <dt>Phone</dt>
            <dd>{profile.phones?.join(', ') || '—'}</dd>
            <dt>Email</dt>
            <dd>{profile.emails?.join(', ') || '—'}</dd>
            <dt>Records</dt>
            <dd>
              <ul className="identities">
                {profile.identities.map((i) => (
                  <li key={`${i.system}:${i.externalId}`} className={`sys sys-${i.system}`} title={`matched by ${words(i.matchedBy)}`}>
                    {i.system} <span className="muted">{i.externalId}</span>{' '}
                    <span className="muted">
                      {words(i.matchedBy)} {Math.round(i.confidence * 100)}%
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <h3>Membership</h3>
          {profile.membership ? (
            <p className="membership">
              <span className={`tier tier-${profile.membership.tier}`}>{profile.membership.tier}</span>{' '}
              <strong>{profile.membership.points.toLocaleString('en')}</strong> points
              {profile.membership.nextTier && (
                <>
                  {' '}
                  · {profile.membership.pointsToNextTier?.toLocaleString('en')} to {profile.membership.nextTier}
                </>
              )}
              <progress max={1} value={profile.membership.progressToNextTier} aria-label="progress to the next tier" />
              {profile.membership.expiringPoints && (
                <span className="warn">
                  {profile.membership.expiringPoints.points} points expire {date(profile.membership.expiringPoints.expiresOn)}
                </span>
              )}
            </p>
          ) : (
            <p className="muted">{profile.membership === null && error ? 'not available' : 'not a member'}</p>
          )}
          <h3>Cards</h3>
          {profile.cards && profile.cards.length > 0 ? (
            <ul className="cards">
              {profile.cards.map((c) => (
                <li key={`${c.kind}:${c.maskedNumber}`}>
                  {words(c.kind)} <code>{c.maskedNumber}</code>
                  {c.kind === 'GIFT' && <> · balance {money(c.balance)}</>}
                  {c.blocked && <span className="bad"> blocked</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{profile.cards === null ? 'not available' : 'none'}</p>
          )}
        </>
      )}
    </Panel>
  );
}
