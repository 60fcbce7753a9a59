import type { CallerRole } from '../../../subgraphs/runtime/src/index.ts';

/**
 * Every scope the schema may ask for with `@requiresScopes`. A new field or mutation needs
 * only a directive naming one of these (or a new one added here and granted below); the
 * gateway enforces it and `scripts/securityMatrix.ts` documents it.
 */
export const SCOPES = {
  'customer:read': 'find and read customers (non-personal fields)',
  'customer:pii': 'read personal fields (`@pii`) in full',
  'customer:pii:masked': 'read personal fields masked (j***@example.com, *******8000)',
  'customer:write': 'link and unlink customer records, adjust and redeem points',
  'order:read': 'read orders (partners: only their own channel’s)',
  'order:write': 'place, change and cancel orders',
  'payment:read': 'read payments and card details of orders',
  'catalog:read': 'read products and prices',
  'inventory:read': 'read stock and availability',
  'inventory:write': 'reserve and move stock (store role: own store only)',
  'return:write': 'create and process returns and refunds',
  'analytics:read': 'read sales and stock analytics (aggregates only, no personal data)',
  admin: 'operations: system health, introspection, every field',
} as const;

export type Scope = keyof typeof SCOPES;

/** Roles a staff JWT may carry; chatbot and partner exist only as API keys. */
export const STAFF_ROLES = ['agent', 'store', 'admin', 'analyst'] as const;
export const KEY_ROLES = ['chatbot', 'partner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type KeyRole = (typeof KEY_ROLES)[number];
export type Role = StaffRole | KeyRole;

const STAFF_READ: Scope[] = ['customer:read', 'customer:pii', 'order:read', 'payment:read', 'catalog:read', 'inventory:read'];
const STAFF_WRITE: Scope[] = ['customer:write', 'order:write', 'inventory:write', 'return:write'];

/** The one table of what each role may do. */
export const ROLE_SCOPES: Readonly<Record<CallerRole, readonly Scope[]>> = {
  anonymous: [],
  agent: [...STAFF_READ, ...STAFF_WRITE],
  store: [...STAFF_READ, ...STAFF_WRITE],
  analyst: ['customer:read', 'order:read', 'catalog:read', 'inventory:read', 'analytics:read'],
  admin: Object.keys(SCOPES) as Scope[],
  chatbot: ['customer:read', 'customer:pii:masked', 'order:read', 'catalog:read', 'inventory:read'],
  partner: ['order:read', 'catalog:read', 'inventory:read'],
};

/** Roles that may run only operations of the persisted-operations manifest. */
export const SAFELISTED_ROLES: ReadonlySet<CallerRole> = new Set(['chatbot', 'partner']);

export const ROLE_DESCRIPTIONS: Readonly<Record<CallerRole, string>> = {
  anonymous: 'no credential',
  agent: 'call-centre agent (staff JWT)',
  store: 'store associate (staff JWT with a `store` claim; store mutations for that store only)',
  analyst: 'analyst (staff JWT; no personal data)',
  admin: 'operations / admin (staff JWT)',
  chatbot: 'chatbot / IVR (API key; persisted operations only; personal data masked)',
  partner: 'marketplace partner (API key bound to one channel; persisted operations only)',
};

/** How a caller with these scopes sees a `@pii` field. */
export type PiiAccess = 'full' | 'masked' | 'denied';

export function piiAccess(scopes: readonly string[]): PiiAccess {
  if (scopes.includes('customer:pii')) return 'full';
  if (scopes.includes('customer:pii:masked')) return 'masked';
  return 'denied';
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function isKeyRole(role: string): role is KeyRole {
  return (KEY_ROLES as readonly string[]).includes(role);
}
