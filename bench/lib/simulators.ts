import type { SimulatorUrls } from '../peers/systemsEnv.ts';

export type SystemKey = keyof SimulatorUrls;
export type Latencies = Record<SystemKey, number>;

export interface RecordedCall {
  system: SystemKey;
  method: string;
  path: string;
  at: number;
}

/** Drives the shared simulators through their own control endpoints (`/__faults`, `/__stats`). */
export class SimulatorControl {
  /** `pid`: the simulators' process, whose CPU every measurement also records. */
  constructor(
    readonly urls: SimulatorUrls,
    readonly pid?: number,
  ) {}

  private get entries(): [SystemKey, string][] {
    return Object.entries(this.urls) as [SystemKey, string][];
  }

  async setLatencies(latencies: Latencies): Promise<void> {
    await Promise.all(
      this.entries.map(async ([name, url]) => {
        await fetch(`${url}/__faults`, { method: 'DELETE' });
        const res = await fetch(`${url}/__faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ latencyMs: latencies[name] }),
        });
        if (!res.ok) throw new Error(`${name} /__faults: ${res.status} ${await res.text()}`);
      }),
    );
  }

  async resetStats(): Promise<void> {
    await Promise.all(this.entries.map(([, url]) => fetch(`${url}/__stats`, { method: 'DELETE' })));
  }

  /** Calls per system since the last reset, and the most recent calls with their arrival times. */
  async stats(): Promise<{ totals: Record<SystemKey, number>; counts: Record<SystemKey, Record<string, number>>; recent: RecordedCall[] }> {
    const totals = {} as Record<SystemKey, number>;
    const counts = {} as Record<SystemKey, Record<string, number>>;
    const recent: RecordedCall[] = [];
    await Promise.all(
      this.entries.map(async ([name, url]) => {
        const body = (await (await fetch(`${url}/__stats`)).json()) as {
          total: number;
          counts: Record<string, number>;
          recent: { method: string; path: string; at: number }[];
        };
        totals[name] = body.total;
        counts[name] = body.counts;
        recent.push(...body.recent.map((c) => ({ system: name, method: c.method, path: c.path, at: c.at })));
      }),
    );
    recent.sort((a, b) => a.at - b.at);
    return { totals, counts, recent };
  }
}
