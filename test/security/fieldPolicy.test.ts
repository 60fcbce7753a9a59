import type { GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { buildSchema, execute, parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildFieldPolicy, maskValue, ROLE_SCOPES, withFieldAuthorization } from '../../gateway/src/auth/index.ts';
import type { Caller } from '../../subgraphs/runtime/src/index.ts';

/**
 * The field-authorization executor on a small schema shaped like the supergraph: admin-only
 * fields, OR-of-AND scopes, non-null bubbling in lists, fragments and aliases, masking.
 */
const SDL = `
directive @authenticated on FIELD_DEFINITION | OBJECT
directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
directive @pii(kind: String!) on FIELD_DEFINITION
type Query {
  systemHealth: String @requiresScopes(scopes: [["admin"]])
  either: String @requiresScopes(scopes: [["order:read", "payment:read"], ["admin"]])
  people: [Person!]
  loosePeople: [Person]
  secrets: [Secret!]!
  plain: String
}
type Person { id: ID! emails: [String!]! @pii(kind: "EMAIL") phone: String @pii(kind: "PHONE") }
type Secret @requiresScopes(scopes: [["admin"]]) { value: String! }
`;

const schema = buildSchema(SDL);
const policy = buildFieldPolicy(SDL);
const people = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, emails: [`jane${i}@example.com`], phone: '+8613800138000' }));
const rootValue = { systemHealth: 'green', either: 'yes', people, loosePeople: people, secrets: [{ value: 's' }], plain: 'p' };

const caller = (role: Caller['role']): Caller => ({ role, subject: role, scopes: ROLE_SCOPES[role] });

async function run(query: string, who: Caller, parsed?: DocumentNode) {
  const sent: string[] = [];
  const inner: GatewayInterface = {
    onSchemaLoadOrUpdate: () => () => undefined,
    stop: async () => undefined,
    load: async () => ({
      executor: async (rc) => {
        sent.push(print(rc.document));
        return execute({ schema, document: rc.document, rootValue: structuredClone(rootValue) }) as never;
      },
    }),
  };
  const { executor } = await withFieldAuthorization(inner, policy).load({ apollo: {} });
  const document: DocumentNode = parsed ?? parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const rc = {
    schema,
    document,
    operation,
    queryHash: 'h',
    source: query,
    request: {},
    context: { caller: who },
  } as unknown as GatewayGraphQLRequestContext;
  const result = await executor!(rc);
  return { result, sent: sent.join('\n'), errors: (result.errors ?? []).map((e) => ({ path: e.path, ...e.extensions })) };
}

describe('field authorization', () => {
  it('an admin-only field is null + FORBIDDEN for an agent and never reaches the subgraphs; admin gets it', async () => {
    const agent = await run('{ systemHealth plain }', caller('agent'));
    expect(agent.result.data).toEqual({ systemHealth: null, plain: 'p' });
    expect(agent.errors).toEqual([{ path: ['systemHealth'], code: 'FORBIDDEN', field: 'Query.systemHealth' }]);
    // Cut from the plan: only its response key survives, as __typename.
    expect(agent.sent).toContain('systemHealth: __typename');
    const admin = await run('{ systemHealth plain }', caller('admin'));
    expect(admin.result.data).toEqual({ systemHealth: 'green', plain: 'p' });
    expect(admin.result.errors).toBeUndefined();
  });

  it('scopes are OR of AND sets: agent has order:read + payment:read, analyst has only order:read', async () => {
    expect((await run('{ either }', caller('agent'))).result.data).toEqual({ either: 'yes' });
    const analyst = await run('{ either }', caller('analyst'));
    expect(analyst.result.data).toEqual({ either: null });
    expect(analyst.errors[0]).toMatchObject({ code: 'FORBIDDEN', field: 'Query.either' });
  });

  it('anonymous: every field is FORBIDDEN, only __typename answers', async () => {
    const res = await run('{ __typename plain }', caller('anonymous'));
    expect(res.result.data).toEqual({ __typename: 'Query', plain: null });
    expect(res.errors).toEqual([{ path: ['plain'], code: 'FORBIDDEN', field: 'Query.plain' }]);
  });

  it('a denied non-null field in a list of non-null items nulls the whole list; in a nullable-item list only the item', async () => {
    const strict = await run('{ people { id emails } plain }', caller('partner'));
    expect(strict.result.data).toEqual({ people: null, plain: 'p' });
    const loose = await run('{ loosePeople { id emails } }', caller('partner'));
    expect((loose.result.data as { loosePeople: unknown[] }).loosePeople.every((p) => p === null)).toBe(true);
    expect(loose.errors.length).toBe(20);
    expect(loose.errors[0]).toMatchObject({ path: ['loosePeople', 0, 'emails'], field: 'Person.emails' });
  });

  it('a denied non-null field with no nullable parent nulls data (type-level @requiresScopes)', async () => {
    const res = await run('{ secrets { value } }', caller('agent'));
    expect(res.result.data).toBeNull();
    expect(res.errors[0]).toMatchObject({ code: 'FORBIDDEN', field: 'Query.secrets' });
    expect((await run('{ secrets { value } }', caller('admin'))).result.data).toEqual({ secrets: [{ value: 's' }] });
  });

  it('aliases and fragments are authorized by their field, under their response key', async () => {
    const q = 'query Q { ...F h: systemHealth } fragment F on Query { ... on Query { health: systemHealth } plain }';
    const res = await run(q, caller('agent'));
    expect(res.result.data).toEqual({ health: null, plain: 'p', h: null });
    expect(res.errors.map((e) => e.path)).toEqual([['health'], ['h']]);
  });

  it('chatbot: personal fields masked in every list item; agent gets them in clear', async () => {
    const bot = await run('{ people { emails phone } }', caller('chatbot'));
    const first = (bot.result.data as { people: { emails: string[]; phone: string }[] }).people[0]!;
    expect(first).toEqual({ emails: ['j***@example.com'], phone: '*******8000' });
    expect(bot.result.errors).toBeUndefined();
    const agent = await run('{ people { emails } }', caller('agent'));
    expect((agent.result.data as { people: { emails: string[] }[] }).people[0]!.emails).toEqual(['jane0@example.com']);
  });

  it('one parsed document (as Apollo Server reuses it) is decided per role and scope set, never by the first caller', async () => {
    const query = '{ either systemHealth people { id phone } }';
    const document = parse(query);
    const narrowed: Caller = { role: 'agent', subject: 'a2', scopes: ROLE_SCOPES.agent.filter((s) => s !== 'payment:read') };
    const first = await run(query, caller('admin'), document);
    expect(first.result.errors).toBeUndefined();
    const denied = (r: Awaited<ReturnType<typeof run>>) => r.errors.map((e) => String((e as { field?: unknown }).field)).sort();
    expect(denied(await run(query, caller('agent'), document))).toEqual(['Query.systemHealth']);
    expect(denied(await run(query, narrowed, document))).toEqual(['Query.either', 'Query.systemHealth']);
    const chatbot = await run(query, caller('chatbot'), document);
    expect((chatbot.result.data as { people: { phone: string }[] }).people[0]!.phone).not.toBe('+8613800138000');
    expect((await run(query, caller('admin'), document)).result.errors).toBeUndefined();
  });

  it('masking by kind', () => {
    expect(maskValue('EMAIL', 'jing.wang@example.com')).toBe('j***@example.com');
    expect(maskValue('PHONE', '+8613800138000')).toBe('*******8000');
    expect(maskValue('NAME', 'Jing Wang')).toBe('J*** W***');
    expect(maskValue('UNKNOWN_KIND', 'x')).toBe('***');
  });
});
