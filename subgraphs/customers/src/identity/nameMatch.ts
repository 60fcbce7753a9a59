import type { CustomerRecord } from '../../../../adapters/core/src/index.ts';
import type { Cluster } from './cluster.ts';

/** Weights of the candidate score; a name alone can reach 0.7, a postcode adds 0.3. */
export const CANDIDATE_WEIGHTS = { name: 0.7, postcode: 0.3 } as const;
/** Below this name similarity a person is not offered as a candidate at all. */
export const MIN_NAME_SIMILARITY = 0.6;

const tokens = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const ratio = (a: string, b: string) => (a.length + b.length === 0 ? 1 : 1 - levenshtein(a, b) / Math.max(a.length, b.length));

/**
 * 0–1 similarity of two personal names, ignoring case, punctuation and the order of given and
 * family name (cashiers often type the family name first).
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const sorted = ratio([...ta].sort().join(' '), [...tb].sort().join(' '));
  return Math.max(sorted, ratio(ta.join(' '), tb.join(' ')));
}

export const normalizePostcode = (p: string) => p.replace(/\s+/g, '').toUpperCase();

export interface Candidate {
  cluster: Cluster;
  score: number;
  nameSimilarity: number;
  postcodeMatch: boolean;
}

const fullName = (r: CustomerRecord) => `${r.firstName} ${r.lastName}`;

/** Scores each person (cluster) against the name and postcode; best first, weak names dropped. */
export function rankCandidates(clusters: readonly Cluster[], name: string, postcode: string | undefined): Candidate[] {
  const wanted = postcode ? normalizePostcode(postcode) : undefined;
  return clusters
    .map((cluster) => {
      const similarity = Math.max(...cluster.members.map((m) => nameSimilarity(name, fullName(m.record))));
      const postcodeMatch =
        wanted !== undefined && cluster.members.some((m) => m.record.address && normalizePostcode(m.record.address.postcode) === wanted);
      const score = CANDIDATE_WEIGHTS.name * similarity + (postcodeMatch ? CANDIDATE_WEIGHTS.postcode : 0);
      return { cluster, score: Math.round(score * 1000) / 1000, nameSimilarity: Math.round(similarity * 1000) / 1000, postcodeMatch };
    })
    .filter((c) => c.nameSimilarity >= MIN_NAME_SIMILARITY)
    .sort((a, b) => b.score - a.score || a.cluster.anchor.externalId.localeCompare(b.cluster.anchor.externalId));
}
