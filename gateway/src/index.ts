import { findPersonWithMostOrders, getDataset } from '../../legacy/dataset/src/index.ts';
import { SYSTEM_ENV_VARS } from '../../subgraphs/runtime/src/index.ts';
import { fileURLToPath } from 'node:url';
import { DEMO_CREDENTIALS_FILE, demoCredentialLines, writeDemoCredentials } from './auth/index.ts';
import { readConfig } from './config.ts';
import { customer360Query } from './exampleQuery.ts';
import { initTracing } from './observability/tracing.ts';
import { DEMO_CREDENTIALS } from './simulators.ts';
import { startStack } from './stack.ts';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

/** `npm start` (embedded) and `npm run start:distributed`. */
async function main(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2), DEMO_CREDENTIALS);
  const tracing = initTracing({ serviceName: config.ops.serviceName, otlpEndpoint: config.ops.otlpEndpoint });
  const demo = findPersonWithMostOrders(getDataset(config.dataset));
  const query = customer360Query(demo.person.phone);
  const stack = await startStack(config, process.env, { exampleQuery: query });
  const simulated = Object.keys(stack.simulators);
  const credentialsFile = fileURLToPath(DEMO_CREDENTIALS_FILE);
  if (Object.keys(stack.demoCredentials).length > 0) writeDemoCredentials(stack.demoCredentials, credentialsFile);
  const agent = stack.demoCredentials.agent;
  const lines = [
    '',
    `retail360 gateway (${config.mode} mode) is up.`,
    '',
    `  GraphQL endpoint:  ${stack.url}`,
    `  GraphQL IDE:       ${stack.url.replace(/\/graphql$/, '/')}   (works offline)`,
    `  Health:            ${stack.url.replace(/\/graphql$/, '/ready')}`,
    `  Console:           ${stack.url.replace(/\/graphql$/, '/console/')}   (call-centre screen; demo sign-in below)`,
    '',
    simulated.length > 0
      ? `  Simulated systems: ${simulated.join(', ')} (seeded dataset: seed ${config.dataset.seed}, scale ${config.dataset.scale})`
      : '  All systems are real (every *_URL is set).',
    '  Point the graph at real systems with:',
    ...Object.entries(SYSTEM_ENV_VARS).map(([system, vars]) => `    ${system.padEnd(12)} ${vars.join(' ')}`),
    '',
    ...demoCredentialLines(stack.demoCredentials, credentialsFile),
    '  Try it (as the demo agent):',
    `    curl -s ${stack.url} -H 'content-type: application/json' \\`,
    ...(agent ? [`      -H '${agent.header}: ${agent.value}' \\`] : []),
    `      --data '${JSON.stringify({ query: query.replace(/\s+/g, ' ') })}'`,
    '',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, draining in-flight requests`);
    const drained = await stack.shutdown();
    stack.logger.info({ signal, drained }, 'shut down');
    await tracing?.shutdown();
    process.exit(0);
  };
  // `on`, not `once`: a library's signal-exit hook re-raises the signal when it is the last listener left.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`retail360 failed to start: ${err.message}`);
  process.exit(1);
});
