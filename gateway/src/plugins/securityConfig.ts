import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CallerRole } from '../../../subgraphs/runtime/src/index.ts';
import type { AuditDestination } from './audit.ts';
import { DEFAULT_LIMITS, ROLE_LIMITS, type OperationLimits, type RoleLimits } from './limitsTable.ts';

export interface SecurityConfig {
  limits: OperationLimits;
  roles: Record<CallerRole, RoleLimits>;
  /** A rate-limit store call slower than this falls back to in-process buckets, in ms. */
  rateLimitStoreTimeoutMs: number;
  audit: AuditDestination;
}

/** Embedded default of `AUDIT_LOG`: `.retail360/audit.log` at the repository root (git-ignored). */
export const DEFAULT_AUDIT_FILE = fileURLToPath(new URL('../../../.retail360/audit.log', import.meta.url));

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const rate = z.object({ capacity: z.number().int().min(1), refillPerSecond: z.number().positive() });
const roleOverride = z.object({ maxCost: z.number().int().min(1).optional(), rate: rate.optional() }).strict();
const roleOverrides = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(['anonymous', 'agent', 'store', 'admin', 'analyst', 'chatbot', 'partner']), roleOverride));

const schema = z.object({
  MAX_QUERY_DEPTH: int(DEFAULT_LIMITS.maxDepth),
  MAX_ALIASES: int(DEFAULT_LIMITS.maxAliases, 0),
  MAX_DIRECTIVES: int(DEFAULT_LIMITS.maxDirectives, 0),
  MAX_TOKENS: int(DEFAULT_LIMITS.maxTokens, 100),
  MAX_STRING_LENGTH: int(DEFAULT_LIMITS.maxStringLength, 10),
  MAX_BATCH_OPERATIONS: int(DEFAULT_LIMITS.maxBatch),
  BODY_LIMIT_BYTES: int(DEFAULT_LIMITS.bodyLimitBytes, 1024),
  ROLE_LIMITS: roleOverrides.optional(),
  RATE_LIMIT_STORE_TIMEOUT_MS: int(250),
  AUDIT_LOG: z.string().min(1).optional(),
});

/**
 * Limits, per-role budgets and the audit destination, from the environment (called by
 * `gateway/src/config.ts`). `ROLE_LIMITS` is JSON merged over the table, e.g.
 * `{"partner":{"maxCost":2000,"rate":{"capacity":10,"refillPerSecond":1}}}`.
 */
export function readSecurityConfig(env: NodeJS.ProcessEnv, mode: 'embedded' | 'distributed'): SecurityConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const roles = structuredClone(ROLE_LIMITS);
  for (const [role, o] of Object.entries(e.ROLE_LIMITS ?? {}) as [CallerRole, z.infer<typeof roleOverride>][]) {
    roles[role] = { maxCost: o.maxCost ?? roles[role].maxCost, rate: o.rate ?? roles[role].rate };
  }
  return {
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxStringLength: e.MAX_STRING_LENGTH,
      maxBatch: e.MAX_BATCH_OPERATIONS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
    },
    roles,
    rateLimitStoreTimeoutMs: e.RATE_LIMIT_STORE_TIMEOUT_MS,
    audit: e.AUDIT_LOG ?? (mode === 'embedded' ? DEFAULT_AUDIT_FILE : 'stdout'),
  };
}
