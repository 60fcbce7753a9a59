import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AdapterError,
  createCallContext,
  type AttemptEvent,
  type CallContext,
  type ResilienceOptions,
  type SystemClient,
  type SystemName,
} from '../../adapters/core/src/index.ts';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { SYSTEM_ENV_VARS } from '../../subgraphs/runtime/src/index.ts';

/**
 * The contract every legacy-system adapter keeps, run against its simulator. A new adapter gets
 * all of it by registering one `AdapterContractSpec` in a `<system>.contract.test.ts` file
 * (keyv's one storage test-suite that every storage adapter runs is the model).
 */

/** What the suite hands an adapter factory. */
export interface AdapterBuild {
  baseUrl: string;
  /** Use `BAD_SECRET` instead of the demo password / token / client secret. */
  badCredentials: boolean;
  timeoutMs: number;
  resilience: ResilienceOptions;
  onAttempt: (event: AttemptEvent) => void;
  /** Ask for small pages (adapter side), so the paged read spans several. */
  smallPages: boolean;
}

/** A read the suite makes, and what its answer must look like. */
export interface ContractCall<A, R> {
  call(adapter: A, ctx: CallContext): Promise<R>;
  /** Throws (expect) when the answer is wrong. */
  check(result: R): void;
}

export interface AdapterContractSpec<A extends { readonly client: SystemClient }, H, N, P> {
  system: SystemName;
  /** The simulator, routes added and not listening; `smallPages` shrinks server-side pages. */
  simulator(options: { smallPages: boolean }): Simulator;
  adapter(build: AdapterBuild): A;
  /** The setting whose value `badCredentials` replaces, e.g. "ERP_PASSWORD": the error must name it. */
  badCredentialSetting: string;
  /**
   * A read of a record the simulator holds. Once the adapter is warm (access token fetched),
   * it must cost exactly one upstream request: the fault checks count on it.
   */
  happy: ContractCall<A, H>;
  /** A read of a record the system does not hold: an empty answer, not an error. */
  notFound: ContractCall<A, N>;
  /**
   * A read the system answers over several pages (NextToken, cursor, `__next`), followed to the
   * last one; or why the system has none.
   */
  paging: (ContractCall<A, P> & { style: string; route: string; minPages: number }) | { none: string };
}

/** The wrong secret the bad-credentials check uses; it must never appear in an error message. */
export const BAD_SECRET = 'contract-wrong-secret';

/** Quick retries so failure checks stay fast; checks about waiting set their own. */
const FAST: ResilienceOptions = { initialBackoffMs: 1, maxBackoffMs: 20 };

interface TimedAttempt extends AttemptEvent {
  at: number;
}

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the call to fail with an AdapterError').toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

const ctx = (budgetMs?: number): CallContext =>
  createCallContext({ requestId: 'contract', ...(budgetMs !== undefined && { deadline: Date.now() + budgetMs }) });

/**
 * An HTTP date 2–3 s ahead (HTTP dates have whole seconds): longer than the 1 s a client falls
 * back to when it cannot read Retry-After, so waiting this long proves the date was understood.
 */
const httpDateInTwoToThreeSeconds = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 3000).toUTCString();

export function runAdapterContract<A extends { readonly client: SystemClient }, H, N, P>(spec: AdapterContractSpec<A, H, N, P>): void {
  const { system } = spec;

  describe(`${system} adapter contract`, () => {
    let sim: Simulator;
    let url: string;
    let retryAfterAsDate = false;
    let datesSent = 0;
    const attempts: TimedAttempt[] = [];

    beforeAll(async () => {
      sim = spec.simulator({ smallPages: false });
      // Simulators send Retry-After in seconds; real systems also send an HTTP date.
      sim.app.addHook('onSend', async (_request, reply, payload) => {
        if (retryAfterAsDate && reply.statusCode === 429) {
          reply.header('retry-after', httpDateInTwoToThreeSeconds());
          datesSent++;
        }
        return payload;
      });
      url = await sim.listen(0, '127.0.0.1');
    });
    afterEach(() => {
      sim.faults.clear();
      retryAfterAsDate = false;
      attempts.length = 0;
    });
    afterAll(async () => {
      await sim?.close();
    });

    const build = (overrides: Partial<AdapterBuild> = {}, baseUrl = url): A =>
      spec.adapter({
        baseUrl,
        badCredentials: false,
        timeoutMs: 2000,
        resilience: FAST,
        onAttempt: (e) => attempts.push({ ...e, at: Date.now() }),
        smallPages: false,
        ...overrides,
      });

    /** Runs the happy read once (fetching any access token), then forgets its attempts. */
    const warm = async (adapter: A): Promise<H> => {
      const result = await spec.happy.call(adapter, ctx());
      attempts.length = 0;
      return result;
    };

    it('happy path: maps the record the system holds to the canonical shape', async () => {
      const before = sim.totalCalls();
      const result = await spec.happy.call(build(), ctx());
      spec.happy.check(result);
      expect(sim.totalCalls()).toBeGreaterThan(before);
    });

    it('not found: an unknown key is an empty answer, after asking the system', async () => {
      const adapter = build();
      await warm(adapter);
      const before = sim.totalCalls();
      spec.notFound.check(await spec.notFound.call(adapter, ctx()));
      expect(sim.totalCalls()).toBeGreaterThan(before);
    });

    it('bad credentials: UPSTREAM_AUTH_FAILED naming the setting to fix, not retried, secret not echoed', async () => {
      expect(SYSTEM_ENV_VARS[system] as readonly string[]).toContain(spec.badCredentialSetting);
      const before = sim.totalCalls();
      const err = await failure(spec.happy.call(build({ badCredentials: true }), ctx()));
      expect(err).toMatchObject({ system, code: 'UPSTREAM_AUTH_FAILED', retryable: false });
      expect(err.message).toContain(spec.badCredentialSetting);
      expect(err.message).not.toContain(BAD_SECRET);
      expect(sim.totalCalls() - before).toBe(1);
    });

    const honoursRetryAfter = async (asDate: boolean) => {
      const adapter = build({ resilience: { ...FAST, maxBackoffMs: 5000 } });
      const healthy = await warm(adapter);
      // Every second request is refused with a 429: of two reads, the second meets one. Two
      // seconds, not one: one second is also what a client assumes when it cannot read the header.
      retryAfterAsDate = asDate;
      sim.faults.set({ rateLimitRate: 0.5, retryAfterSeconds: 2 });
      expect(await spec.happy.call(adapter, ctx())).toEqual(healthy);
      expect(await spec.happy.call(adapter, ctx())).toEqual(healthy);
      const limited = attempts.findIndex((a) => a.outcome === 'UPSTREAM_RATE_LIMITED');
      expect(limited, 'a 429 was met').toBeGreaterThanOrEqual(0);
      expect(attempts[limited]!.status).toBe(429);
      const retried = attempts[limited + 1];
      expect(retried?.outcome).toBe('ok');
      // The retry started no earlier than Retry-After allowed.
      expect(retried!.at - retried!.durationMs - attempts[limited]!.at).toBeGreaterThanOrEqual(1950);
    };

    it('429 with Retry-After in seconds: waits that long, then succeeds', async () => {
      await honoursRetryAfter(false);
    });

    it('429 with Retry-After as an HTTP date: waits until then, then succeeds', async () => {
      datesSent = 0;
      await honoursRetryAfter(true);
      expect(datesSent).toBeGreaterThan(0);
    });

    it('429 with a Retry-After longer than the adapter may wait: never asked again before it, RATE_LIMITED', async () => {
      // FAST backs off at most 20 ms: a retry after 20 ms would ignore the system's Retry-After.
      const adapter = build();
      await warm(adapter);
      sim.faults.set({ rateLimitRate: 1, retryAfterSeconds: 3 });
      const err = await failure(spec.happy.call(adapter, ctx()));
      expect(err).toMatchObject({ system, code: 'UPSTREAM_RATE_LIMITED', status: 429, retryAfterMs: 3000 });
      const limited = attempts.filter((a) => a.outcome === 'UPSTREAM_RATE_LIMITED');
      for (let i = 1; i < limited.length; i++) {
        expect(limited[i]!.at - limited[i]!.durationMs - limited[i - 1]!.at, 'retried before Retry-After').toBeGreaterThanOrEqual(2950);
      }
    });

    it('transient 5xx: every second request failing is retried to success', async () => {
      const adapter = build();
      const healthy = await warm(adapter);
      sim.faults.set({ errorRate: 0.5, errorStatus: 503 });
      for (let i = 0; i < 3; i++) expect(await spec.happy.call(adapter, ctx())).toEqual(healthy);
      const failed = attempts.filter((a) => a.outcome === 'UPSTREAM_UNAVAILABLE');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((a) => a.status === 503)).toBe(true);
    });

    it('hang past the timeout: UPSTREAM_TIMEOUT, within the request budget', async () => {
      const adapter = build({ timeoutMs: 200 });
      await warm(adapter);
      sim.faults.set({ outage: 'hang' });
      // Three 200 ms attempts would need 600 ms: the 500 ms budget cuts the last one short.
      const started = Date.now();
      const err = await failure(spec.happy.call(adapter, ctx(500)));
      const elapsed = Date.now() - started;
      expect(err).toMatchObject({ system, code: 'UPSTREAM_TIMEOUT' });
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(500 + 100);
    });

    it('outage (connection refused): UPSTREAM_UNAVAILABLE after retries, no address leaked', async () => {
      const adapter = build();
      await warm(adapter);
      sim.faults.set({ outage: 'refuse' });
      const err = await failure(spec.happy.call(adapter, ctx()));
      expect(err).toMatchObject({ system, code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(err.message).toContain(system);
      expect(err.message).not.toMatch(/127\.0\.0\.1|https?:/);
      expect(attempts.filter((a) => a.outcome === 'UPSTREAM_UNAVAILABLE')).toHaveLength(3);
    });

    it('malformed body: UPSTREAM_BAD_RESPONSE, never partial data', async () => {
      const adapter = build();
      await warm(adapter);
      sim.faults.set({ malformedRate: 1 });
      const err = await failure(spec.happy.call(adapter, ctx()));
      expect(err).toMatchObject({ system, code: 'UPSTREAM_BAD_RESPONSE', retryable: false });
    });

    // A system without paged reads registers its reason instead; nothing to check then.
    const { paging } = spec;
    if (!('none' in paging)) {
      it(`pagination (${paging.style}): follows pages to the last one`, async () => {
        const paged = spec.simulator({ smallPages: true });
        const pagedUrl = await paged.listen(0, '127.0.0.1');
        try {
          const result = await paging.call(build({ smallPages: true }, pagedUrl), ctx());
          paging.check(result);
          expect(paged.counts.get(paging.route) ?? 0).toBeGreaterThanOrEqual(paging.minPages);
        } finally {
          await paged.close();
        }
      });
    }

    describe('circuit breaker', () => {
      const breaker: ResilienceOptions = { ...FAST, maxAttempts: 1, breakerConsecutiveFailures: 3, halfOpenAfterMs: 200 };

      it('opens after consecutive failures; while open no call reaches the system', async () => {
        const adapter = build({ resilience: breaker });
        await warm(adapter);
        sim.faults.set({ outage: 'refuse' });
        for (let i = 0; i < 3; i++) expect((await failure(spec.happy.call(adapter, ctx()))).code).toBe('UPSTREAM_UNAVAILABLE');
        expect(adapter.client.circuitState()).toBe('open');
        const before = sim.totalCalls();
        for (let i = 0; i < 5; i++) expect((await failure(spec.happy.call(adapter, ctx()))).code).toBe('CIRCUIT_OPEN');
        expect(sim.totalCalls()).toBe(before);
      });

      it('half-opens after halfOpenAfterMs: a failed probe re-opens it, a good one closes it', async () => {
        const adapter = build({ resilience: breaker });
        const healthy = await warm(adapter);
        sim.faults.set({ outage: 'refuse' });
        for (let i = 0; i < 3; i++) await failure(spec.happy.call(adapter, ctx()));
        expect(adapter.client.circuitState()).toBe('open');

        await new Promise((r) => setTimeout(r, 250));
        let before = sim.totalCalls();
        expect((await failure(spec.happy.call(adapter, ctx()))).code).toBe('UPSTREAM_UNAVAILABLE');
        expect(sim.totalCalls()).toBe(before + 1);
        expect(adapter.client.circuitState()).toBe('open');

        sim.faults.clear();
        await new Promise((r) => setTimeout(r, 250));
        before = sim.totalCalls();
        expect(await spec.happy.call(adapter, ctx())).toEqual(healthy);
        expect(sim.totalCalls()).toBe(before + 1);
        expect(adapter.client.circuitState()).toBe('closed');
      });

      it('opens on failure rate too, without a run of consecutive failures', async () => {
        const adapter = build({
          resilience: {
            ...FAST,
            maxAttempts: 1,
            breakerConsecutiveFailures: 100,
            breakerFailureRate: 0.4,
            breakerWindow: 10,
            halfOpenAfterMs: 60_000,
          },
        });
        await warm(adapter);
        sim.faults.set({ errorRate: 0.5, errorStatus: 503 });
        const outcomes: string[] = [];
        for (let i = 0; i < 12; i++) {
          outcomes.push(
            await spec.happy.call(adapter, ctx()).then(
              () => 'ok',
              (e: AdapterError) => e.code,
            ),
          );
        }
        expect(outcomes.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'ok' : 'UPSTREAM_UNAVAILABLE')));
        expect(outcomes.slice(10)).toEqual(['CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
      });
    });
  });
}

/** `Map.groupBy` (Node 21+) for Node 20: the registrations pick their subjects with it. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
