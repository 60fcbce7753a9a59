import type { CacheStore } from '../../../adapters/core/src/index.ts';

/**
 * Idempotency keys and saga logs for writes. Unlike the cache, this store never degrades:
 * when it cannot answer (Redis down or slow) a keyed write is refused with
 * IDEMPOTENCY_STORE_UNAVAILABLE, because running it blind could place a second order.
 */
export type IdempotencyErrorCode = 'IDEMPOTENCY_STORE_UNAVAILABLE' | 'IDEMPOTENCY_KEY_IN_PROGRESS' | 'IDEMPOTENCY_KEY_REUSED';

export class IdempotencyError extends Error {
  override readonly name = 'IdempotencyError';
  constructor(
    readonly code: IdempotencyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The Redis commands used (the node-redis v5 client has them). */
export interface RedisCommands {
  set(key: string, value: string, options?: { condition?: 'NX'; expiration?: { type: 'PX'; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
  rPush(key: string, value: string): Promise<number>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
  pExpire(key: string, ms: number): Promise<unknown>;
}

export interface IdempotencyStoreOptions {
  /** Shared Redis (replicas honour each other's keys). @default an in-process memory store */
  redis?: RedisCommands;
  /** Prefix of every key. @default "idem" */
  namespace?: string;
  /** How long a completed write's result is replayed, in ms. @default 86_400_000 (24 h) */
  ttlMs?: number;
  /** How long a claimed, unfinished write blocks its key, in ms. @default 60_000 */
  lockMs?: number;
  /** Bound on each store call, in ms; past it the store counts as unavailable. @default 1000 */
  timeoutMs?: number;
}

export type IdempotencyClaim<T> = { state: 'claimed' } | { state: 'done'; result: T } | { state: 'in-progress' };

/** One entry of a saga's log: what step ran and how it ended, so a retry knows where to resume. */
export interface SagaStep {
  step: string;
  status: 'started' | 'done' | 'failed' | 'compensated';
  at: string;
  /** Ids the step produced (reservation, order number), never personal data. */
  ref?: string;
}

interface Record_ {
  state: 'pending' | 'done';
  fingerprint?: string;
  result?: unknown;
}

const storesByCache = new WeakMap<object, Map<string, IdempotencyStore>>();

export class IdempotencyStore {
  private readonly backend: Backend;
  private readonly ns: string;
  private readonly ttlMs: number;
  private readonly lockMs: number;
  private readonly timeoutMs: number;

  constructor(options: IdempotencyStoreOptions = {}) {
    this.backend = options.redis ? redisBackend(options.redis) : memoryBackend();
    this.ns = options.namespace ?? 'idem';
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.lockMs = options.lockMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /**
   * The idempotency store that shares `store`'s backend: Redis when the keyv store is Redis
   * (its `client`), otherwise one memory store per `store`. Subgraphs call this with `deps.store`.
   */
  static forStore(store: CacheStore, options: Omit<IdempotencyStoreOptions, 'redis'> = {}): IdempotencyStore {
    let byOptions = storesByCache.get(store);
    if (!byOptions) storesByCache.set(store, (byOptions = new Map()));
    // One instance per store and options: callers asking alike share one memory backend.
    const id = JSON.stringify([options.namespace, options.ttlMs, options.lockMs, options.timeoutMs]);
    let found = byOptions.get(id);
    if (!found) {
      const client = (store as { client?: Partial<RedisCommands> }).client;
      const redis =
        client && typeof client.set === 'function' && typeof client.rPush === 'function' ? (client as RedisCommands) : undefined;
      found = new IdempotencyStore({ ...options, ...(redis && { redis }) });
      byOptions.set(id, found);
    }
    return found;
  }

  /**
   * Claim `key`, run `fn`, record its result. A repeat of a finished key returns the recorded
   * result without running `fn` (`replayed: true`); a repeat while the first still runs gets
   * IDEMPOTENCY_KEY_IN_PROGRESS; the same key with another `fingerprint` (a different request
   * body) gets IDEMPOTENCY_KEY_REUSED. When `fn` throws, the claim is released so the client
   * may retry. `T` must be JSON-serialisable.
   */
  async run<T>(key: string, fn: () => Promise<T>, options: { fingerprint?: string } = {}): Promise<{ result: T; replayed: boolean }> {
    const claim = await this.claim<T>(key, options.fingerprint);
    if (claim.state === 'done') return { result: claim.result, replayed: true };
    if (claim.state === 'in-progress') {
      throw new IdempotencyError('IDEMPOTENCY_KEY_IN_PROGRESS', 'a request with this idempotency key is still running; retry later');
    }
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await this.release(key).catch(() => undefined);
      throw err;
    }
    await this.complete(key, result, options.fingerprint);
    return { result, replayed: false };
  }

  /** Atomically takes `key` for this request, or says who has it. */
  async claim<T>(key: string, fingerprint?: string): Promise<IdempotencyClaim<T>> {
    const k = this.key(key);
    const pending: Record_ = { state: 'pending', ...(fingerprint !== undefined && { fingerprint }) };
    const taken = await this.call(() => this.backend.setIfAbsent(k, JSON.stringify(pending), this.lockMs));
    if (taken) return { state: 'claimed' };
    const raw = await this.call(() => this.backend.get(k));
    // Expired between the two calls: claim again once rather than loop.
    if (raw === null)
      return (await this.call(() => this.backend.setIfAbsent(k, JSON.stringify(pending), this.lockMs)))
        ? { state: 'claimed' }
        : { state: 'in-progress' };
    const record = JSON.parse(raw) as Record_;
    if (fingerprint !== undefined && record.fingerprint !== undefined && record.fingerprint !== fingerprint) {
      throw new IdempotencyError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different request');
    }
    return record.state === 'done' ? { state: 'done', result: record.result as T } : { state: 'in-progress' };
  }

  /** Records the result of a claimed key; repeats now replay it. */
  async complete(key: string, result: unknown, fingerprint?: string): Promise<void> {
    const record: Record_ = { state: 'done', result, ...(fingerprint !== undefined && { fingerprint }) };
    await this.call(() => this.backend.set(this.key(key), JSON.stringify(record), this.ttlMs));
  }

  /** Gives a claimed key back (the write failed before doing anything lasting). */
  async release(key: string): Promise<void> {
    await this.call(() => this.backend.delete(this.key(key)));
  }

  /** Appends to the saga log of `key`; the log lives as long as the key's result. */
  async recordStep(key: string, step: Omit<SagaStep, 'at'> & { at?: string }): Promise<void> {
    const entry: SagaStep = { ...step, at: step.at ?? new Date().toISOString() };
    await this.call(() => this.backend.append(this.key(key, 'saga'), JSON.stringify(entry), this.ttlMs));
  }

  /** The saga log of `key`, oldest first. */
  async steps(key: string): Promise<SagaStep[]> {
    const raw = await this.call(() => this.backend.list(this.key(key, 'saga')));
    return raw.map((r) => JSON.parse(r) as SagaStep);
  }

  private key(key: string, kind = 'key'): string {
    return `${this.ns}:${kind}:${key}`;
  }

  /** Every store call is bounded and any failure is the one documented error. */
  private async call<T>(op: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([op(), timeout]);
    } catch (cause) {
      throw new IdempotencyError(
        'IDEMPOTENCY_STORE_UNAVAILABLE',
        'the idempotency store is unavailable; the write was not attempted, retry later',
        { cause },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Backend {
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
  append(key: string, value: string, ttlMs: number): Promise<void>;
  list(key: string): Promise<string[]>;
}

function redisBackend(redis: RedisCommands): Backend {
  return {
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
    },
    async set(key, value, ttlMs) {
      await redis.set(key, value, { expiration: { type: 'PX', value: ttlMs } });
    },
    get: (key) => redis.get(key),
    async delete(key) {
      await redis.del(key);
    },
    async append(key, value, ttlMs) {
      await redis.rPush(key, value);
      await redis.pExpire(key, ttlMs);
    },
    list: (key) => redis.lRange(key, 0, -1),
  };
}

function memoryBackend(): Backend {
  const values = new Map<string, { value: string; expires: number }>();
  const lists = new Map<string, { values: string[]; expires: number }>();
  const live = <E extends { expires: number }>(map: Map<string, E>, key: string): E | undefined => {
    const e = map.get(key);
    if (e && e.expires <= Date.now()) {
      map.delete(key);
      return undefined;
    }
    return e;
  };
  return {
    async setIfAbsent(key, value, ttlMs) {
      if (live(values, key)) return false;
      values.set(key, { value, expires: Date.now() + ttlMs });
      return true;
    },
    async set(key, value, ttlMs) {
      values.set(key, { value, expires: Date.now() + ttlMs });
    },
    async get(key) {
      return live(values, key)?.value ?? null;
    },
    async delete(key) {
      values.delete(key);
    },
    async append(key, value, ttlMs) {
      const list = live(lists, key) ?? { values: [], expires: 0 };
      list.values.push(value);
      list.expires = Date.now() + ttlMs;
      lists.set(key, list);
    },
    async list(key) {
      return [...(live(lists, key)?.values ?? [])];
    },
  };
}
