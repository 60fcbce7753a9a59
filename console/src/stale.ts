import { ApolloLink } from '@apollo/client';
import { useSyncExternalStore } from 'react';
import { map } from 'rxjs';

/** A system that did not answer, whose data the gateway served from cache (`extensions.stale`). */
export interface StaleRead {
  system: string;
  ageMs: number;
}

const byOperation = new Map<string, StaleRead[]>();
const listeners = new Set<() => void>();
const NONE: StaleRead[] = [];

/**
 * Apollo's hooks do not surface response extensions, so this link keeps the latest
 * `extensions.stale` of each operation where a panel can read it (`useStale`).
 */
export const staleLink = new ApolloLink((operation, forward) =>
  forward(operation).pipe(
    map((result) => {
      const stale = (result.extensions as { stale?: StaleRead[] } | undefined)?.stale ?? NONE;
      const before = byOperation.get(operation.operationName ?? '') ?? NONE;
      if (stale !== before && (stale.length > 0 || before.length > 0)) {
        byOperation.set(operation.operationName ?? '', stale);
        for (const notify of listeners) notify();
      }
      return result;
    }),
  ),
);

export function useStale(operationName: string): StaleRead[] {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => byOperation.get(operationName) ?? NONE,
  );
}

export function age(ms: number): string {
  if (ms < 90_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
