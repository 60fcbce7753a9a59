import type { CacheStore } from '../../../adapters/core/src/index.ts';
import { ApiKeyStore } from './ApiKeyStore.ts';
import { createAuthenticator, type Authenticator } from './authenticate.ts';
import type { AuthConfig } from './config.ts';
import { buildFieldPolicy, type FieldPolicy } from './policy.ts';
import { PersistedOperations } from './safelist.ts';
import { StaffTokens } from './StaffTokens.ts';

export { ApiKeyStore } from './ApiKeyStore.ts';
export type { ApiKeyRecord, CreateKeyInput, IssuedKey } from './ApiKeyStore.ts';
export { API_KEY_HEADER, AUTHORIZATION_HEADER, AuthenticationError, createAuthenticator } from './authenticate.ts';
export type { Authenticator } from './authenticate.ts';
export { DEV_JWT_SECRET } from './config.ts';
export type { AuthConfig } from './config.ts';
export {
  createDemoCredentials,
  demoCredentialLines,
  DEMO_CREDENTIALS_FILE,
  DEMO_PARTNER_CHANNEL,
  DEMO_STORE,
  writeDemoCredentials,
} from './demo.ts';
export type { DemoCredentials } from './demo.ts';
export { withFieldAuthorization } from './fieldAuthorization.ts';
export { callerOf, installAuth } from './http.ts';
export { maskEmail, maskValue } from './mask.ts';
export { buildFieldPolicy, decide, supergraphForPlanner } from './policy.ts';
export type { FieldPolicy, FieldRequirement } from './policy.ts';
export { KEY_ROLES, ROLE_DESCRIPTIONS, ROLE_SCOPES, SAFELISTED_ROLES, SCOPES, STAFF_ROLES, isKeyRole, piiAccess } from './roles.ts';
export type { KeyRole, Role, Scope, StaffRole } from './roles.ts';
export { operationId, PERSISTED_OPERATIONS_FILE, PersistedOperations } from './safelist.ts';
export type { PersistedOperation } from './safelist.ts';
export { StaffTokens } from './StaffTokens.ts';

/** Everything the gateway needs to know who is asking and what they may see. */
export interface GatewayAuth {
  config: AuthConfig;
  keys: ApiKeyStore;
  tokens: StaffTokens;
  authenticator: Authenticator;
  safelist: PersistedOperations;
  policy: FieldPolicy;
}

export function createGatewayAuth(config: AuthConfig, store: CacheStore, supergraphSdl: string): GatewayAuth {
  const keys = new ApiKeyStore(store);
  const tokens = new StaffTokens(config.jwt);
  return {
    config,
    keys,
    tokens,
    authenticator: createAuthenticator(keys, tokens),
    safelist: PersistedOperations.load(),
    policy: buildFieldPolicy(supergraphSdl),
  };
}
