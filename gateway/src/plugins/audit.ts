import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FieldDefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import pino, { type Logger } from 'pino';
import { auditActor, callerOf, isStaff } from './caller.ts';

/** `stdout`, or a file path (appended to, created with its folder). */
export type AuditDestination = 'stdout' | (string & {});

export interface AuditLog {
  logger: Logger;
  close(): void;
}

/**
 * The audit stream: JSON lines from a pino logger named "audit", separate from the
 * application log so operations can ship and retain it on its own terms. File writes are
 * synchronous: an audit line is on disk before the answer leaves.
 */
export function createAuditLog(destination: AuditDestination): AuditLog {
  const stream =
    destination === 'stdout'
      ? pino.destination({ dest: 1, sync: true })
      : pino.destination({ dest: destination, mkdir: true, sync: true, append: true });
  const logger = pino({ name: 'audit', timestamp: pino.stdTimeFunctions.isoTime, base: { name: 'audit' } }, stream);
  return {
    logger,
    close() {
      stream.flushSync();
      if (destination !== 'stdout') stream.end();
    },
  };
}

/** Personal fields when the schema carries no `@pii` marker (coordinates). */
export const DEFAULT_PERSONAL_FIELDS: readonly string[] = [
  'Customer.name',
  'Customer.firstName',
  'Customer.lastName',
  'Customer.emails',
  'Customer.phones',
  'Customer.identities',
  'Customer.addresses',
  'Customer.cards',
  'Payment.cardLast4',
];

const FIELD_CONTAINERS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

/** Fields marked `@pii` in the (super)graph SDL, or the defaults above when none is marked. */
export function personalFields(sdl: string | undefined): Set<string> {
  const set = new Set<string>();
  if (sdl) {
    for (const def of parse(sdl).definitions) {
      if (!FIELD_CONTAINERS.has(def.kind) || !('fields' in def) || !('name' in def) || !def.name) continue;
      for (const field of (def.fields ?? []) as readonly FieldDefinitionNode[]) {
        if (field.directives?.some((d) => d.name.value === 'pii')) set.add(`${def.name.value}.${field.name.value}`);
      }
    }
  }
  return set.size > 0 ? set : new Set(DEFAULT_PERSONAL_FIELDS);
}

interface Found {
  personal: Set<string>;
  customerIds: Set<string>;
}

/**
 * Walks the operation and its answer together: which personal fields were selected, and the
 * ids of the Customer objects in the answer (plus `customerId`/`id` arguments of Customer
 * fields and of mutations).
 */
function inspect(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: unknown,
  pii: ReadonlySet<string>,
): Found {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const found: Found = { personal: new Set(), customerIds: new Set() };
  const argValue = (v: { kind: string; value?: unknown; name?: { value: string } }): unknown =>
    v.kind === Kind.VARIABLE ? variables[v.name!.value] : v.kind === Kind.STRING ? v.value : undefined;
  let budget = 20_000;

  const walk = (set: SelectionSetNode, type: GraphQLNamedType, value: unknown, seen: readonly string[]) => {
    for (const sel of set.selections) {
      if (--budget < 0) return;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? type) : type, value, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (frag && !seen.includes(frag.name.value))
          walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? type, value, [...seen, frag.name.value]);
        continue;
      }
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[sel.name.value] : undefined;
      if (!field) continue;
      const coordinate = `${type.name}.${field.name}`;
      if (pii.has(coordinate)) found.personal.add(coordinate);
      const named = getNamedType(field.type);
      const key = sel.alias?.value ?? sel.name.value;
      const objects = (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
      if (named.name === 'Customer' || operation.operation === 'mutation') {
        for (const arg of sel.arguments ?? []) {
          if (arg.name.value !== 'customerId' && !(arg.name.value === 'id' && named.name === 'Customer')) continue;
          const v = argValue(arg.value as never);
          if (typeof v === 'string') found.customerIds.add(v);
        }
      }
      if (type.name === 'Customer' && field.name === 'id')
        for (const o of objects) if (typeof o[key] === 'string') found.customerIds.add(o[key]);
      if (sel.selectionSet) {
        const children = objects.flatMap((o) => (Array.isArray(o[key]) ? (o[key] as unknown[]) : [o[key]]));
        walk(sel.selectionSet, named, children, seen);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, data, []);
  return found;
}

/**
 * Records every mutation (attempted, refused or done) and every read of personal fields by
 * staff (and by anonymous callers, who should never get any): who, role, operation, customer
 * ids, time, request id. Arguments and answers are not logged: the audit stream holds ids only.
 */
export function auditPlugin(log: Logger, personal: ReadonlySet<string>): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const caller = callerOf(contextValue);
      return {
        async willSendResponse({ operation, document, schema, request, response, contextValue: ctx }) {
          if (!operation || !document) return;
          const mutation = operation.operation === 'mutation';
          if (!mutation && !(isStaff(caller) || caller.role === 'anonymous')) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const found = inspect(schema, document, operation, request.variables ?? {}, result.data, personal);
          if (!mutation && found.personal.size === 0) return;
          const errorCodes = [...new Set((result.errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
          const client = ctx as { call?: { requestId?: string }; clientIp?: string };
          log.info({
            event: mutation ? 'mutation' : 'personal-read',
            requestId: client.call?.requestId,
            ...auditActor(caller, client.clientIp),
            operationType: operation.operation,
            operationName: operation.name?.value ?? null,
            fields: mutation
              ? operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))
              : [...found.personal].sort(),
            customerIds: [...found.customerIds].sort(),
            outcome: result.data == null && errorCodes.length > 0 ? 'refused' : errorCodes.length > 0 ? 'partial' : 'ok',
            ...(errorCodes.length > 0 && { errorCodes }),
          });
        },
      };
    },
  };
}
