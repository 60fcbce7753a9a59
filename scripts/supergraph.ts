import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SUPERGRAPH_YAML = resolve(ROOT, 'schema/supergraph.yaml');
export const SUPERGRAPH_FILE = resolve(ROOT, 'schema/supergraph.graphql');

export interface SubgraphEntry {
  name: string;
  url: string;
  sdlPath: string;
}

export function readSubgraphList(): SubgraphEntry[] {
  const doc = YAML.parse(readFileSync(SUPERGRAPH_YAML, 'utf8')) as {
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };
  return Object.entries(doc.subgraphs).map(([name, s]) => ({
    name,
    url: s.routing_url,
    sdlPath: resolve(dirname(SUPERGRAPH_YAML), s.schema.file),
  }));
}

/** Composes the supergraph SDL from the subgraph files; throws with every composition error. */
export function composeSupergraph(): string {
  const services = readSubgraphList().map((s) => ({
    name: s.name,
    url: s.url,
    typeDefs: parse(readFileSync(s.sdlPath, 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}
