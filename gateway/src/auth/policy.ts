import {
  Kind,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';
import { piiAccess } from './roles.ts';

/**
 * What one schema coordinate (`Type.field`) asks of a caller, read from the supergraph's
 * `@authenticated`, `@requiresScopes` and `@pii` directives. Directives on a type apply to
 * its fields and to every field that returns it (as the Apollo router reads them).
 */
export interface FieldRequirement {
  /** Each entry is one `@requiresScopes`: satisfied by any one of its scope sets (OR of ANDs); all entries must be. */
  scopes: string[][][];
  /** Personal data: the `@pii(kind:)` marker, masked or denied by `piiAccess`. */
  pii?: string;
  /** Where each requirement came from, for the generated docs. */
  explicitAuthenticated: boolean;
}

export type FieldPolicy = ReadonlyMap<string, FieldRequirement>;

export type Decision = { allow: true; mask?: string } | { allow: false; reason: string };

interface TypeRequirement {
  authenticated: boolean;
  scopes: string[][][];
}

const CONTAINER_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

export function buildFieldPolicy(supergraphSdl: string): FieldPolicy {
  const doc = parse(supergraphSdl);
  const internal = (name: string) => name.startsWith('join__') || name.startsWith('link__') || name.endsWith('__Scope');
  const typeReqs = new Map<string, TypeRequirement>();
  for (const def of doc.definitions) {
    const name = definitionName(def);
    if (!name || internal(name) || !('directives' in def)) continue;
    const req = readDirectives(def.directives ?? []);
    const prev = typeReqs.get(name);
    typeReqs.set(name, {
      authenticated: req.authenticated || (prev?.authenticated ?? false),
      scopes: [...(prev?.scopes ?? []), ...req.scopes],
    });
  }
  const policy = new Map<string, FieldRequirement>();
  for (const def of doc.definitions) {
    if (!CONTAINER_KINDS.has(def.kind) || !('fields' in def)) continue;
    const typeName = (def as { name: { value: string } }).name.value;
    if (internal(typeName)) continue;
    for (const field of (def.fields ?? []) as readonly FieldDefinitionNode[]) {
      const own = readDirectives(field.directives ?? []);
      const parent = typeReqs.get(typeName);
      const returned = typeReqs.get(namedType(field.type));
      policy.set(`${typeName}.${field.name.value}`, {
        scopes: [...own.scopes, ...(parent?.scopes ?? []), ...(returned?.scopes ?? [])],
        ...(own.pii && { pii: own.pii }),
        explicitAuthenticated: own.authenticated || (parent?.authenticated ?? false) || (returned?.authenticated ?? false),
      });
    }
  }
  return policy;
}

/**
 * May this caller see this field, and how? Unknown coordinates (and the `__` meta fields) are
 * left to GraphQL itself. Every other field needs an authenticated caller: nothing is public
 * unless the schema says so.
 */
export function decide(policy: FieldPolicy, coordinate: string, caller: { role: string; scopes: readonly string[] }): Decision {
  const fieldName = coordinate.slice(coordinate.indexOf('.') + 1);
  if (fieldName.startsWith('__')) return { allow: true };
  const req = policy.get(coordinate);
  if (!req) return { allow: true };
  if (caller.role === 'anonymous') return { allow: false, reason: 'authentication required' };
  for (const alternatives of req.scopes) {
    if (!alternatives.some((set) => set.every((s) => caller.scopes.includes(s)))) {
      return { allow: false, reason: `requires scope ${alternatives.map((set) => set.join(' + ')).join(' or ')}` };
    }
  }
  if (req.pii) {
    const access = piiAccess(caller.scopes);
    if (access === 'denied') return { allow: false, reason: 'personal data (requires scope customer:pii)' };
    if (access === 'masked') return { allow: true, mask: req.pii };
  }
  return { allow: true };
}

function readDirectives(directives: readonly DirectiveNode[]): { authenticated: boolean; scopes: string[][][]; pii?: string } {
  let authenticated = false;
  let pii: string | undefined;
  const scopes: string[][][] = [];
  for (const d of directives) {
    const name = d.name.value;
    if (name === 'authenticated') authenticated = true;
    else if (name === 'requiresScopes') {
      const arg = d.arguments?.find((a) => a.name.value === 'scopes');
      if (arg) scopes.push(valueFromASTUntyped(arg.value) as string[][]);
    } else if (name === 'pii') {
      const arg = d.arguments?.find((a) => a.name.value === 'kind');
      pii = arg ? String(valueFromASTUntyped(arg.value)) : 'OTHER';
    }
  }
  return { authenticated, scopes, ...(pii && { pii }) };
}

function definitionName(def: DefinitionNode): string | undefined {
  return 'name' in def && def.name ? def.name.value : undefined;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

const SECURITY_FEATURES =
  /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[\d.]+"), for: SECURITY\)/g;

/**
 * @apollo/gateway refuses a supergraph whose SECURITY features it cannot enforce itself, so
 * that nobody runs one unprotected by mistake. This gateway enforces them (`withFieldAuthorization`
 * with the policy read from the untouched SDL), so the planner gets the SDL without the purpose.
 */
export function supergraphForPlanner(supergraphSdl: string): string {
  return supergraphSdl.replace(SECURITY_FEATURES, '$1)');
}
