import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT, SUPERGRAPH_FILE, composeSupergraph } from './supergraph.ts';

writeFileSync(SUPERGRAPH_FILE, composeSupergraph());
console.log(`wrote ${relative(ROOT, SUPERGRAPH_FILE)}`);
