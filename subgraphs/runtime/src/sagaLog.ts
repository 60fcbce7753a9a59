import type { IdempotencyStore, SagaStep } from './idempotency.ts';

/** A saga that began and has not finished: what a recovery routine must resume or undo. */
export interface OpenSaga {
  key: string;
  steps: SagaStep[];
  /** ISO time of the saga's newest log entry. */
  lastActivity: string;
}

export type SagaEnd = 'done' | 'compensated';

/**
 * The progress of one kind of saga (place order, return), kept in the idempotency store so it
 * lives where the idempotency keys live (Redis when shared) and survives a process. Each saga
 * writes its steps to its own append-only log; an index log records when sagas begin and end,
 * so a recovery routine can find the ones a crash left behind. Appends are the only writes,
 * which Redis does atomically (RPUSH): replicas never overwrite each other's entries.
 */
export class SagaLog {
  private readonly indexKey: string;

  constructor(
    private readonly store: IdempotencyStore,
    /** The saga's kind, e.g. "placeOrder"; keys of different kinds never meet. */
    private readonly kind: string,
  ) {
    this.indexKey = `${kind}:__sagas__`;
  }

  async begin(key: string, ref?: string): Promise<void> {
    await this.store.recordStep(this.indexKey, { step: key, status: 'started' });
    await this.record(key, 'begin', 'started', ref);
  }

  async record(key: string, step: string, status: SagaStep['status'], ref?: string): Promise<void> {
    await this.store.recordStep(this.sagaKey(key), { step, status, ...(ref !== undefined && { ref }) });
  }

  async steps(key: string): Promise<SagaStep[]> {
    return this.store.steps(this.sagaKey(key));
  }

  async finish(key: string, end: SagaEnd): Promise<void> {
    await this.record(key, 'end', end === 'done' ? 'done' : 'compensated');
    await this.store.recordStep(this.indexKey, { step: key, status: end === 'done' ? 'done' : 'compensated' });
  }

  /** Sagas begun and not finished whose newest entry is at least `idleMs` old. */
  async open(idleMs: number, now = Date.now()): Promise<OpenSaga[]> {
    const index = await this.store.steps(this.indexKey);
    const latest = new Map<string, SagaStep>();
    for (const entry of index) latest.set(entry.step, entry);
    const out: OpenSaga[] = [];
    for (const [key, entry] of latest) {
      if (entry.status !== 'started') continue;
      const steps = await this.steps(key);
      const lastActivity = steps.at(-1)?.at ?? entry.at;
      if (now - Date.parse(lastActivity) >= idleMs) out.push({ key, steps, lastActivity });
    }
    return out;
  }

  private sagaKey(key: string): string {
    return `${this.kind}:${key}`;
  }
}
