import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { CustomersContext } from '../context.ts';
import type { Resolvers, System } from '../generated/resolvers.ts';
import { recordKey } from '../identity/cluster.ts';
import { memberMatch } from '../identity/evidence.ts';
import type { IdentityAuditEntry } from '../identity/LinkStore.ts';
import type { CustomerModel } from '../models.ts';
import { resolveById, toModel } from './lookup.ts';

const MAX_FIRST = 50;
const MAX_REASON = 500;

const reporter = (ctx: CustomersContext, info: GraphQLResolveInfo) => (e: Parameters<CustomersContext['partial']['report']>[0]) =>
  ctx.partial.report(e, info);

function toChange(e: IdentityAuditEntry) {
  const colon = e.record.indexOf(':');
  return {
    id: e.id,
    action: e.action,
    system: e.record.slice(0, colon) as System,
    externalId: e.record.slice(colon + 1),
    customerId: e.customerId,
    reason: e.reason,
    actor: e.actor,
    at: e.at,
  };
}

interface ChangeArgs {
  customerId: string;
  system: System;
  externalId: string;
  reason: string;
}

/** Checks the arguments and finds the customer; the audit entry is what will be stored. */
async function prepare(ctx: CustomersContext, args: ChangeArgs, action: IdentityAuditEntry['action'], info: GraphQLResolveInfo) {
  const reason = args.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON) throw badUserInput(`reason must be 1–${MAX_REASON} characters`);
  const externalId = args.externalId.trim();
  if (externalId.length === 0 || externalId.length > 200) throw badUserInput('externalId must be 1–200 characters');
  if (!['ERP', 'POS', 'MARKETPLACE'].includes(args.system)) throw badUserInput(`${args.system} holds no customer records`);
  const customer = await resolveById(ctx, args.customerId, reporter(ctx, info));
  if (!customer) throw badUserInput(`customer ${args.customerId} not found`);
  const record = `${args.system}:${externalId}`;
  const entry: IdentityAuditEntry = {
    id: `idc_${randomUUID()}`,
    action,
    record,
    customerId: customer.id,
    reason,
    actor: ctx.caller.subject,
    at: new Date().toISOString(),
  };
  return { customer, record, entry };
}

export const identityResolvers: Resolvers<CustomersContext> = {
  Query: {
    async customerCandidates(_root, { name, postcode, first }, ctx, info) {
      const limit = first ?? 10;
      if (limit < 1 || limit > MAX_FIRST) throw badUserInput(`first must be between 1 and ${MAX_FIRST}`);
      if (name.trim().length < 2 || name.length > 200) throw badUserInput('name must be 2–200 characters');
      if (postcode && postcode.length > 20) throw badUserInput('postcode is too long');
      const ranked = await ctx.identity.candidates(ctx.call, name, postcode?.trim() || undefined, reporter(ctx, info));
      return ranked.slice(0, limit).map((c) => ({ ...c, customer: toModel(c.cluster) }));
    },
  },
  Mutation: {
    async linkCustomerRecords(_root, args, ctx, info) {
      const { customer, record, entry } = await prepare(ctx, args, 'LINK', info);
      if (!(await ctx.identity.exists(ctx.call, record, reporter(ctx, info)))) {
        throw badUserInput(`${args.system} has no customer record ${args.externalId}`);
      }
      const after = await ctx.identity.link(ctx.call, customer.cluster, record, entry, reporter(ctx, info));
      return { customer: after ? toModel(after) : null, change: toChange(entry) };
    },
    async unlinkCustomerRecords(_root, args, ctx, info) {
      const { customer, record, entry } = await prepare(ctx, args, 'UNLINK', info);
      if (!customer.cluster.members.some((m) => recordKey(m.record) === record)) {
        throw badUserInput(`${args.system} record ${args.externalId} is not one of this customer's records`);
      }
      if (customer.cluster.members.length === 1) throw badUserInput('a customer with one record has nothing to unlink it from');
      const after = await ctx.identity.unlink(ctx.call, customer.cluster, record, entry, reporter(ctx, info));
      return { customer: after ? toModel(after) : null, change: toChange(entry) };
    },
  },
  Customer: {
    identities: ({ cluster }: CustomerModel) =>
      cluster.members.map((m) => {
        const match = memberMatch(cluster, m);
        return {
          system: m.record.system as System,
          externalId: m.record.externalId,
          matchedBy: m.matchedBy,
          confidence: match.confidence,
          evidence: match.evidence.map((e) => ({ kind: e.kind, value: e.value, systems: e.systems as System[] })),
        };
      }),
    identityChanges: async ({ cluster }: CustomerModel, _args, ctx) => (await ctx.identity.audit(cluster)).map(toChange),
  },
};
