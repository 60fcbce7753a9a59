/** Stale answers served during this request: the oldest age per system. */
export class StaleReads {
  private readonly bySystem = new Map<string, number>();

  add(system: string, ageMs: number): void {
    this.bySystem.set(system, Math.max(ageMs, this.bySystem.get(system) ?? 0));
  }

  merge(entries: readonly { system: string; ageMs: number }[]): void {
    for (const e of entries) this.add(e.system, e.ageMs);
  }

  toJSON(): { system: string; ageMs: number }[] {
    return [...this.bySystem].map(([system, ageMs]) => ({ system, ageMs: Math.round(ageMs) }));
  }

  get size(): number {
    return this.bySystem.size;
  }
}
