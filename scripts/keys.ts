import { parseArgs } from 'node:util';
import { ApiKeyStore, isKeyRole, KEY_ROLES, type ApiKeyRecord } from '../gateway/src/auth/index.ts';
import { closeStore, createStore } from '../gateway/src/store.ts';
import { readSystemsConfig } from '../subgraphs/runtime/src/index.ts';

/**
 * API keys for chatbots and partners, in the gateway's key store:
 *
 *   npm run keys -- create --role partner --channel AMAZON [--label "Amazon EU"]
 *   npm run keys -- create --role chatbot [--label "web chat"]
 *   npm run keys -- list [--json]
 *   npm run keys -- rotate <keyId> [--grace 3600]
 *   npm run keys -- revoke <keyId>
 *
 * With REDIS_URL set this manages the shared Redis every gateway replica reads. Without it the
 * store is this process's memory and is gone when the command ends: keys then live only in a
 * running gateway (the embedded start creates its own demo keys).
 */
const USAGE = `usage: npm run keys -- <create|list|rotate|revoke> [options]
  create --role <${KEY_ROLES.join('|')}> [--channel <AMAZON|JD|…>] [--label <text>]
  list [--json]
  rotate <keyId> [--grace <seconds>]   new key, same role and channel; the old one works for --grace seconds more
  revoke <keyId>`;

const EMPTY = { username: '', password: '' };

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      channel: { type: 'string' },
      label: { type: 'string' },
      grace: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, keyId] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const systems = readSystemsConfig(process.env, {
    erp: EMPTY,
    pos: { accessToken: '' },
    wms: EMPTY,
    carrier: { clientId: '', clientSecret: '' },
    marketplace: { clientId: '', clientSecret: '', refreshToken: '' },
  });
  if (!systems.redisUrl) {
    console.error(
      'warning: REDIS_URL is not set, so this key store is this process’s memory and is gone when it exits.\n         Set REDIS_URL to the Redis the gateway uses to manage its keys.',
    );
  }
  const store = createStore(systems);
  const keys = new ApiKeyStore(store);
  try {
    await keys.ready();
    switch (command) {
      case 'create': {
        if (!values.role || !isKeyRole(values.role))
          throw new Error(`--role must be one of ${KEY_ROLES.join(', ')} (staff sign in with JWTs)`);
        const issued = await keys.create({
          role: values.role,
          ...(values.channel && { channel: values.channel }),
          ...(values.label && { label: values.label }),
        });
        printIssued(issued.record, issued.key, values.json);
        return 0;
      }
      case 'list': {
        const all = await keys.list();
        if (values.json)
          console.log(
            JSON.stringify(
              all.map(({ hash: _hash, ...r }) => r),
              null,
              2,
            ),
          );
        else if (all.length === 0) console.log('no keys');
        else for (const r of all) console.log(describe(r));
        return 0;
      }
      case 'rotate': {
        if (!keyId) throw new Error('rotate needs a key id');
        const grace = values.grace === undefined ? 0 : Number(values.grace);
        if (!Number.isInteger(grace) || grace < 0) throw new Error('--grace must be a whole number of seconds');
        const issued = await keys.rotate(keyId, grace);
        printIssued(issued.record, issued.key, values.json);
        console.error(`key ${keyId} ${grace > 0 ? `stops working in ${grace} s` : 'is revoked'}`);
        return 0;
      }
      case 'revoke': {
        if (!keyId) throw new Error('revoke needs a key id');
        const r = await keys.revoke(keyId);
        console.log(`revoked ${r.keyId} at ${r.revokedAt}`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await closeStore(store);
  }
}

function printIssued(record: ApiKeyRecord, key: string, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify({ ...record, hash: undefined, key }, null, 2));
    return;
  }
  console.log(describe(record));
  console.log(`\n  key (shown once, store it now): ${key}\n  send it as:  x-api-key: ${key}`);
}

function describe(r: ApiKeyRecord): string {
  const state = r.revokedAt ? (new Date(r.revokedAt) <= new Date() ? `revoked ${r.revokedAt}` : `expires ${r.revokedAt}`) : 'active';
  return [r.keyId, r.role, r.channel ?? '-', state, `created ${r.createdAt}`, r.label ? `"${r.label}"` : ''].join('  ').trim();
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`keys: ${err.message}`);
    process.exit(1);
  },
);
