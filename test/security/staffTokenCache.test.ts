import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';

// The real verifier, counted: a cached token must not be verified again.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('jose', async () => {
  const actual = await vi.importActual<typeof import('jose')>('jose');
  return {
    ...actual,
    jwtVerify: (...args: Parameters<typeof actual.jwtVerify>) => {
      verifications.count++;
      return actual.jwtVerify(...args);
    },
  };
});

const { StaffTokens, TokenRejected } = await import('../../gateway/src/auth/StaffTokens.ts');

const SECRET = 'staff-token-cache-test-secret-0123456789';
const JWT = { secret: SECRET, issuer: 'retail360-test', audience: 'retail360', algorithms: ['HS256'] } as never;

async function token(sub: string, expiresInS = 600, role = 'agent'): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('retail360-test')
    .setAudience('retail360')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInS)
    .sign(new TextEncoder().encode(SECRET));
}

describe('verified staff tokens are cached by token string, until expiry, bounded', () => {
  it('a repeated token is answered from the cache with the same claims', async () => {
    const tokens = new StaffTokens(JWT);
    const t = await token('u1');
    const before = verifications.count;
    const first = await tokens.verify(t);
    const second = await tokens.verify(t);
    expect(second).toEqual({ subject: 'u1', role: 'agent' });
    expect(second).toEqual(first);
    expect(verifications.count - before).toBe(1);
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('is verified again once its exp (or the cache’s max age) has passed', async () => {
    let now = Date.now();
    const tokens = new StaffTokens(JWT, { now: () => now, maxAgeMs: 3_600_000 });
    const t = await token('u2', 60);
    const before = verifications.count;
    await tokens.verify(t);
    now += 30_000;
    await tokens.verify(t);
    expect(verifications.count - before).toBe(1);
    now += 31_000; // past exp by the cache's clock: the entry is dropped and the token checked again
    await tokens.verify(t);
    expect(verifications.count - before).toBe(2);

    const short = new StaffTokens(JWT, { now: () => now, maxAgeMs: 1_000 });
    const long = await token('u3', 600);
    const b2 = verifications.count;
    await short.verify(long);
    now += 1_001;
    await short.verify(long);
    expect(verifications.count - b2).toBe(2);
  });

  it('keeps at most `size` tokens, least recently used leaving first', async () => {
    const tokens = new StaffTokens(JWT, { size: 2 });
    const [a, b, c] = await Promise.all([token('a'), token('b'), token('c')]);
    await tokens.verify(a);
    await tokens.verify(b);
    await tokens.verify(a); // a is now the most recent
    await tokens.verify(c); // evicts b
    const before = verifications.count;
    await tokens.verify(a);
    await tokens.verify(c);
    expect(verifications.count - before).toBe(0);
    await tokens.verify(b);
    expect(verifications.count - before).toBe(1);
  });

  it('never caches a rejection: a bad token is refused every time, a good one after it still passes', async () => {
    const tokens = new StaffTokens(JWT);
    const good = await token('u4');
    const tampered = `${good.slice(0, -4)}AAAA`;
    const storeWithoutStore = await token('u5', 600, 'store');
    const before = verifications.count;
    await expect(tokens.verify(tampered)).rejects.toThrow(TokenRejected);
    await expect(tokens.verify(tampered)).rejects.toThrow('token signature invalid');
    await expect(tokens.verify(storeWithoutStore)).rejects.toThrow('a store token needs a `store` claim');
    await expect(tokens.verify(storeWithoutStore)).rejects.toThrow(TokenRejected);
    expect(verifications.count - before).toBe(4);
    await expect(tokens.verify(good)).resolves.toMatchObject({ subject: 'u4' });
  });

  it('size 0 turns the cache off', async () => {
    const tokens = new StaffTokens(JWT, { size: 0 });
    const t = await token('u6');
    const before = verifications.count;
    await tokens.verify(t);
    await tokens.verify(t);
    expect(verifications.count - before).toBe(2);
  });
});
