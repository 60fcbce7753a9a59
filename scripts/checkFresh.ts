import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import config from '../codegen.ts';
import { ROOT, SUPERGRAPH_FILE, composeSupergraph } from './supergraph.ts';

/**
 * Fails when a committed generated file differs from what its source produces now:
 * the composed supergraph and each subgraph's resolver types.
 */
const stale: string[] = [];

if (readFileSync(SUPERGRAPH_FILE, 'utf8') !== composeSupergraph()) {
  stale.push(`${relative(ROOT, SUPERGRAPH_FILE)} (run: npm run compose)`);
}

const outputs = await generate({ ...config, cwd: ROOT, silent: true, hooks: {} }, false);
for (const output of outputs as { filename: string; content: string }[]) {
  const path = resolve(ROOT, output.filename);
  const expected = await format(output.content, { ...(await resolveConfig(path)), filepath: path });
  let actual = '';
  try {
    actual = readFileSync(path, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (actual !== expected) stale.push(`${relative(ROOT, path)} (run: npm run codegen)`);
}

if (stale.length > 0) {
  console.error(`Generated files are stale:\n${stale.map((s) => `- ${s}`).join('\n')}`);
  process.exit(1);
}
console.log('supergraph and resolver types are fresh');
