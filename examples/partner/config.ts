import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the partner calls the graph and with which key: the only place the example reads the environment. */
export interface PartnerConfig {
  /** @default "http://localhost:4000/graphql" (what `npm start` serves) */
  graphqlUrl: string;
  /** `r360_live_…` partner key (bound to one marketplace channel). @default the demo partner key (AMAZON) `npm start` writes to .retail360/demo-credentials.json */
  apiKey: string;
  /** The persisted-operations manifest the gateway holds. @default schema/persisted-operations.json */
  manifestFile: string;
}

const REPO = new URL('../../', import.meta.url);

export function readPartnerConfig(env: NodeJS.ProcessEnv = process.env): PartnerConfig {
  const apiKey = env.RETAIL360_API_KEY ?? demoKey('partner');
  if (!apiKey)
    throw new Error(
      'No partner key: start the stack with `npm start` (it writes .retail360/demo-credentials.json) or set RETAIL360_API_KEY.',
    );
  return {
    graphqlUrl: env.RETAIL360_URL ?? 'http://localhost:4000/graphql',
    apiKey,
    manifestFile: env.RETAIL360_MANIFEST ?? fileURLToPath(new URL('schema/persisted-operations.json', REPO)),
  };
}

function demoKey(role: string): string | undefined {
  try {
    const file = fileURLToPath(new URL('.retail360/demo-credentials.json', REPO));
    const credentials = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { value: string }>;
    return credentials[role]?.value;
  } catch {
    return undefined;
  }
}
