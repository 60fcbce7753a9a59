import { readFileSync } from 'node:fs';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by package (node_modules/<pkg>) or project folder, share of total. */
  byPackage: { name: string; share: number }[];
  /** Functions with the most self time. */
  topFunctions: { name: string; where: string; share: number }[];
}

function packageOf(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /\/work\/main\/([^/]+\/[^/]+)/.exec(url) ?? /retail360\/([^/]+\/[^/]+)/.exec(url);
  return m ? m[1]! : url.replace(/^file:\/\//, '');
}

/** Self time per package and per function of a V8 `.cpuprofile` (idle and program time excluded). */
export function summarizeProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // The profiler's own start/stop calls (node:inspector) are not the gateway's work.
  const excluded = new Set<number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const exclude = (id: number) => {
    excluded.add(id);
    for (const c of byId.get(id)?.children ?? []) exclude(c);
  };
  for (const n of profile.nodes) if (n.callFrame.url === 'node:inspector') exclude(n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { where: string; us: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const name = node.callFrame.functionName || '(anonymous)';
    if (us === 0 || excluded.has(node.id) || name === '(idle)' || name === '(program)') continue;
    total += us;
    const pkg = name === '(garbage collector)' ? '(garbage collector)' : packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const where = `${packageOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    const key = `${name}\u0000${where}`;
    const f = byFunction.get(key) ?? { where, us: 0 };
    f.us += us;
    byFunction.set(key, f);
  }
  return {
    totalMs: total / 1000,
    byPackage: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, share: us / total })),
    topFunctions: [...byFunction]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([key, f]) => ({ name: key.slice(0, key.indexOf('\u0000')), where: f.where, share: f.us / total })),
  };
}
