import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The UPS specs kept beside the repo (shared/specs/carrier-ups). */
const SPEC_DIR = new URL('../../../../shared/specs/carrier-ups/', import.meta.url);

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
};

export interface SpecSchemas {
  /** Problems with `value` against `components.schemas[name]`; empty when it conforms. */
  check(name: string, value: unknown): string[];
}

/**
 * A strict reading of the spec's schemas: every field sent must be declared there (the spec
 * has no additionalProperties), with the declared JSON type. Enough to keep the simulator's
 * field names and types exactly on the spec.
 */
export function loadSpec(file: 'Tracking.patched.yaml' | 'OAuthClientCredentials.yaml' | 'DeliveryIntercept.yaml'): SpecSchemas {
  const doc = parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const schemas = doc.components.schemas;
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.replace('#/components/schemas/', '')] ?? {}) : s);

  const walk = (value: unknown, schema: Schema, path: string, out: string[]): void => {
    const s = resolve(schema);
    const type = s.type ?? (s.properties ? 'object' : undefined);
    if (type === 'object') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void out.push(`${path}: expected an object`);
      for (const [key, child] of Object.entries(value)) {
        const prop = s.properties?.[key];
        if (!prop) out.push(`${path}.${key}: not in the spec`);
        else walk(child, prop, `${path}.${key}`, out);
      }
    } else if (type === 'array') {
      if (!Array.isArray(value)) return void out.push(`${path}: expected an array`);
      value.forEach((item, i) => walk(item, s.items ?? {}, `${path}[${i}]`, out));
    } else if (type === 'string' && typeof value !== 'string') out.push(`${path}: expected a string`);
    else if (type === 'boolean' && typeof value !== 'boolean') out.push(`${path}: expected a boolean`);
    else if (type === 'integer' && !Number.isInteger(value)) out.push(`${path}: expected an integer`);
  };

  return {
    check(name, value) {
      const schema = schemas[name];
      if (!schema) return [`no schema ${name}`];
      const out: string[] = [];
      walk(value, schema, name, out);
      return out;
    },
  };
}
