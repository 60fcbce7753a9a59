import { findPersonWithMostOrders, getDataset } from '../../legacy/dataset/src/index.ts';
import { SYSTEM_ENV_VARS } from '../../subgraphs/runtime/src/index.ts';
import { readConfig } from './config.ts';
import { customer360Query } from './exampleQuery.ts';
import { DEMO_CREDENTIALS } from './simulators.ts';
import { startStack } from './stack.ts';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

/** `npm start` (embedded) and `npm run start:distributed`. */
async function main(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2), DEMO_CREDENTIALS);
  const demo = findPersonWithMostOrders(getDataset(config.dataset));
  const query = customer360Query(demo.person.phone);
  const stack = await startStack(config, process.env, { exampleQuery: query });
  const simulated = Object.keys(stack.simulators);
  const lines = [
    '',
    `retail360 gateway (${config.mode} mode) is up.`,
    '',
    `  GraphQL endpoint:  ${stack.url}`,
    `  GraphQL IDE:       ${stack.url.replace(/\/graphql$/, '/')}   (works offline)`,
    `  Health:            ${stack.url.replace(/\/graphql$/, '/ready')}`,
    '',
    simulated.length > 0
      ? `  Simulated systems: ${simulated.join(', ')} (seeded dataset: seed ${config.dataset.seed}, scale ${config.dataset.scale})`
      : '  All systems are real (every *_URL is set).',
    '  Point the graph at real systems with:',
    ...Object.entries(SYSTEM_ENV_VARS).map(([system, vars]) => `    ${system.padEnd(12)} ${vars.join(' ')}`),
    '',
    '  Try it:',
    `    curl -s ${stack.url} -H 'content-type: application/json' \\`,
    `      --data '${JSON.stringify({ query: query.replace(/\s+/g, ' ') })}'`,
    '',
  ];
  console.log(lines.join('\n'));
  const stop = async (signal: string) => {
    console.log(`${signal} received, shutting down`);
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`retail360 failed to start: ${err.message}`);
  process.exit(1);
});
