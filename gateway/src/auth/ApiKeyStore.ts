import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Keyv from 'keyv';
import { keyvOf, type CacheStore } from '../../../adapters/core/src/index.ts';
import type { KeyRole } from './roles.ts';

/** What is stored per key: never the secret, only its SHA-256 (the secret has 256 random bits, so no salt or stretching is needed). */
export interface ApiKeyRecord {
  keyId: string;
  role: KeyRole;
  /** Partner keys: the marketplace channel (AMAZON, JD) the key is bound to. */
  channel?: string;
  label?: string;
  hash: string;
  createdAt: string;
  /** Set when revoked (or when a rotation's grace period ends). */
  revokedAt?: string;
  /** The key that replaced this one (rotation). */
  rotatedTo?: string;
  rotatedFrom?: string;
}

export interface IssuedKey {
  record: ApiKeyRecord;
  /** The full key, shown once: `r360_live_<keyId>_<secret>`. */
  key: string;
}

export interface CreateKeyInput {
  role: KeyRole;
  /** Required for partners. */
  channel?: string;
  /** @default none */
  label?: string;
}

const PREFIX = 'r360_live_';
const KEY_PATTERN = /^r360_live_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;
const CHANNEL_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;
const INDEX = '__index';

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('r360_');
}

/**
 * API keys of chatbots and partners in a keyv store of their own (pass a store no other
 * Keyv uses: a dedicated Map, or its own Redis connection from `createStore`) (memory, or the shared Redis when
 * REDIS_URL is set, so every gateway replica and the `npm run keys` CLI see the same keys).
 */
export class ApiKeyStore {
  private readonly keys: Keyv<ApiKeyRecord>;
  private readonly index: Keyv<ApiKeyRecord | string[]>;

  constructor(
    private readonly store: CacheStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    // One Keyv on its own store: keyv writes a shared adapter's keys under the namespace of
    // whichever Keyv was created last, so a store shared with the caches would put keys at
    // different Redis keys in the gateway and in the CLI.
    const keyv = keyvOf<ApiKeyRecord | string[]>(store, 'auth:apikeys');
    this.keys = keyv as Keyv<ApiKeyRecord>;
    this.index = keyv;
  }

  /**
   * Waits for the store's connection (Redis connects in the background and, with no offline
   * queue, fails commands sent before): the CLI and the demo keys write right after start.
   */
  async ready(timeoutMs = 3000): Promise<void> {
    const connectable = this.store as { getClient?: () => Promise<unknown> };
    if (typeof connectable.getClient !== 'function') return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`key store unavailable: no connection within ${timeoutMs} ms (REDIS_URL)`)), timeoutMs);
    });
    // node-redis: open (connecting) is not ready; commands before `ready` fail with no offline queue.
    const ready = (async () => {
      const client = (await connectable.getClient!()) as { isReady?: boolean; once?(event: 'ready', fn: () => void): void };
      if (client.isReady === false && client.once) await new Promise<void>((resolve) => client.once!('ready', resolve));
    })();
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async create(input: CreateKeyInput, rotatedFrom?: string): Promise<IssuedKey> {
    if (input.role === 'partner' && !input.channel) throw new Error('a partner key needs --channel (the marketplace, e.g. AMAZON)');
    if (input.channel !== undefined && !CHANNEL_PATTERN.test(input.channel))
      throw new Error(`invalid channel "${input.channel}" (upper-case code, e.g. AMAZON)`);
    if (input.role !== 'partner' && input.channel) throw new Error('only partner keys are bound to a channel');
    const keyId = base32(randomBytes(10));
    const secret = randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = {
      keyId,
      role: input.role,
      ...(input.channel && { channel: input.channel }),
      ...(input.label && { label: input.label }),
      hash: sha256(secret),
      createdAt: this.now().toISOString(),
      ...(rotatedFrom && { rotatedFrom }),
    };
    await this.write(keyId, record);
    const ids = ((await this.index.get(INDEX)) as string[] | undefined) ?? [];
    if (!(await this.index.set(INDEX, [...ids, keyId]))) throw new Error('key store unavailable: the key index was not written');
    return { record, key: `${PREFIX}${keyId}_${secret}` };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const ids = ((await this.index.get(INDEX)) as string[] | undefined) ?? [];
    const records = await Promise.all(ids.map((id) => this.keys.get(id)));
    return records.filter((r): r is ApiKeyRecord => r !== undefined);
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    return this.keys.get(keyId);
  }

  async revoke(keyId: string, at: Date = this.now()): Promise<ApiKeyRecord> {
    const record = await this.keys.get(keyId);
    if (!record) throw new Error(`no key with id ${keyId}`);
    if (record.revokedAt && new Date(record.revokedAt) <= at) return record;
    const revoked = { ...record, revokedAt: at.toISOString() };
    await this.write(keyId, revoked);
    return revoked;
  }

  /** A new key with the same role and channel; the old one stops working after `graceSeconds`. */
  async rotate(keyId: string, graceSeconds = 0): Promise<IssuedKey> {
    const old = await this.keys.get(keyId);
    if (!old) throw new Error(`no key with id ${keyId}`);
    if (old.revokedAt && new Date(old.revokedAt) <= this.now()) throw new Error(`key ${keyId} is revoked`);
    const issued = await this.create(
      { role: old.role, ...(old.channel && { channel: old.channel }), ...(old.label && { label: old.label }) },
      keyId,
    );
    const revokedAt = new Date(this.now().getTime() + graceSeconds * 1000).toISOString();
    await this.write(keyId, { ...old, revokedAt, rotatedTo: issued.record.keyId });
    return issued;
  }

  /** keyv swallows store errors; a key that was not stored must not look issued or revoked. */
  private async write(keyId: string, record: ApiKeyRecord): Promise<void> {
    if (!(await this.keys.set(keyId, record))) throw new Error(`key store unavailable: key ${keyId} was not written`);
  }

  /** The key's record when the key is well-formed, known, matches its hash and is not revoked. */
  async verify(key: string): Promise<{ ok: true; record: ApiKeyRecord } | { ok: false; reason: string }> {
    const m = KEY_PATTERN.exec(key);
    if (!m) return { ok: false, reason: 'malformed API key' };
    const [, keyId, secret] = m as unknown as [string, string, string];
    const record = await this.keys.get(keyId);
    if (!record) return { ok: false, reason: 'unknown API key' };
    const expected = Buffer.from(record.hash, 'hex');
    const actual = Buffer.from(sha256(secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'unknown API key' };
    if (record.revokedAt && new Date(record.revokedAt) <= this.now()) return { ok: false, reason: 'API key revoked' };
    return { ok: true, record };
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
