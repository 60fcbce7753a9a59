import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Gateway → subgraph request signing (distributed mode). The gateway signs the exact bytes it
 * sends: timestamp, the caller header and the body; a subgraph refuses anything unsigned,
 * mis-signed, outside the replay window or seen before, so the caller identity it reads from
 * the signed header can only have come from the gateway.
 */
export const TIMESTAMP_HEADER = 'x-retail360-timestamp';
export const SIGNATURE_HEADER = 'x-retail360-signature';

/** Dev/test default; production refuses to start with it (see `readSigningConfig`). */
export const DEV_SIGNING_SECRET = 'retail360-dev-signing-secret-do-not-use-in-production';

export interface SigningOptions {
  /** Shared HMAC-SHA256 secret of the gateway and every subgraph. @default DEV_SIGNING_SECRET */
  secret?: string;
  /** How far a timestamp may be from the subgraph's clock, in ms. @default 60000 */
  replayWindowMs?: number;
}

function mac(secret: string, timestamp: string, caller: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${caller}\n${body}`).digest('hex');
}

/** Headers to add to one subgraph request. `caller` is the `x-retail360-caller` value ('' when absent). */
export function signRequest(secret: string, body: string, caller: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${mac(secret, timestamp, caller, body)}` };
}

export type VerifyFailure = 'unsigned' | 'bad-signature' | 'stale' | 'replayed';

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  caller: string;
  body: string;
}

/**
 * Verifies signatures and remembers the ones it accepted for the replay window. The memory is
 * per process: replicas of one subgraph each refuse a replay they saw (see docs/security.md).
 */
export class SignatureVerifier {
  private readonly seen = new Map<string, number>();
  private readonly secret: string;
  private readonly windowMs: number;

  constructor(options: SigningOptions = {}) {
    this.secret = options.secret ?? DEV_SIGNING_SECRET;
    this.windowMs = options.replayWindowMs ?? 60_000;
  }

  verify(req: SignedRequest, now = Date.now()): VerifyFailure | null {
    if (!req.timestamp || !req.signature) return 'unsigned';
    const ts = Number(req.timestamp);
    if (!/^\d{1,16}$/.test(req.timestamp) || !Number.isSafeInteger(ts)) return 'bad-signature';
    const expected = Buffer.from(`v1=${mac(this.secret, req.timestamp, req.caller, req.body)}`);
    const given = Buffer.from(req.signature);
    // Constant-time: the length check leaks only the (public) signature format.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
    if (Math.abs(now - ts) > this.windowMs) return 'stale';
    this.prune(now);
    if (this.seen.has(req.signature)) return 'replayed';
    this.seen.set(req.signature, ts + this.windowMs);
    return null;
  }

  private prune(now: number): void {
    for (const [sig, expires] of this.seen) {
      if (expires >= now) break;
      this.seen.delete(sig);
    }
  }
}
