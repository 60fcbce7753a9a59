import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiKeyStore } from './ApiKeyStore.ts';
import { API_KEY_HEADER, AUTHORIZATION_HEADER } from './authenticate.ts';
import type { StaffTokens } from './StaffTokens.ts';

/** `{ "<role>": { header, value } }`: ready-made credentials the README, the console and tests use. */
export type DemoCredentials = Record<string, { header: string; value: string }>;

export const DEMO_CREDENTIALS_FILE = new URL('../../../.retail360/demo-credentials.json', import.meta.url);

/** The store the demo store associate works in, and the marketplace the demo partner sells on. */
export const DEMO_STORE = 'ST001';
export const DEMO_PARTNER_CHANNEL = 'AMAZON';

/**
 * One credential per role, for development only (production never calls this): staff JWTs
 * signed with the configured HS256 secret, chatbot and partner keys created in the key store.
 */
export async function createDemoCredentials(keys: ApiKeyStore, tokens: StaffTokens): Promise<DemoCredentials> {
  const out: DemoCredentials = {};
  await keys.ready();
  const staff = [
    { role: 'agent', sub: 'demo-agent' },
    { role: 'store', sub: 'demo-store-associate', store: DEMO_STORE },
    { role: 'admin', sub: 'demo-admin' },
    { role: 'analyst', sub: 'demo-analyst' },
  ] as const;
  for (const s of staff) {
    const token = await tokens.sign(s);
    if (token) out[s.role] = { header: AUTHORIZATION_HEADER, value: `Bearer ${token}` };
  }
  const chatbot = await keys.create({ role: 'chatbot', label: 'demo chatbot' });
  out.chatbot = { header: API_KEY_HEADER, value: chatbot.key };
  const partner = await keys.create({ role: 'partner', channel: DEMO_PARTNER_CHANNEL, label: 'demo partner' });
  out.partner = { header: API_KEY_HEADER, value: partner.key };
  return out;
}

export function writeDemoCredentials(credentials: DemoCredentials, file: URL | string = DEMO_CREDENTIALS_FILE): void {
  const path = typeof file === 'string' ? file : file.pathname;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

/** The start banner's credentials section: one line per role, and where the file is. */
export function demoCredentialLines(credentials: DemoCredentials, file: string): string[] {
  const roles = Object.keys(credentials);
  if (roles.length === 0) return [];
  return [
    `  Demo credentials (development only; also in ${file}):`,
    ...roles.map((role) => `    ${role.padEnd(8)} ${credentials[role]!.header}: ${credentials[role]!.value}`),
    '  Chatbot and partner keys run only the persisted operations of schema/persisted-operations.json, by id.',
    '',
  ];
}
