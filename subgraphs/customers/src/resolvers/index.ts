import {
  decodeId,
  normalizeCard,
  normalizeEmail,
  normalizePhone,
  type CustomerQuery,
  type SystemName,
} from '../../../../adapters/core/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { CustomersContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { isRelayEmail } from '../identity/cluster.ts';
import { accountResolvers } from './account.ts';
import { identityResolvers } from './identity.ts';
import { resolveById, toModel } from './lookup.ts';

const MAX_FIRST = 50;

type SearchArgs = {
  phone?: string | null;
  email?: string | null;
  cardNumber?: string | null;
  orderNumber?: string | null;
  name?: string | null;
};

/** Exactly one criterion, normalised the way the systems are searched. */
function toQuery(args: SearchArgs): CustomerQuery | { orderNumber: string } {
  const given = (Object.keys(args) as (keyof SearchArgs)[]).filter((k) => typeof args[k] === 'string' && args[k]!.trim() !== '');
  if (given.length !== 1) {
    throw badUserInput('findCustomers takes exactly one of: phone, email, cardNumber, orderNumber, name');
  }
  const field = given[0]!;
  const raw = args[field]!.trim();
  if (raw.length > 200) throw badUserInput(`${field} is too long`);
  switch (field) {
    case 'phone': {
      const phone = normalizePhone(raw);
      if (!phone) throw badUserInput(`phone "${raw}" is not a valid phone number`);
      return { phone };
    }
    case 'email': {
      const email = normalizeEmail(raw);
      if (!email) throw badUserInput('email is not a valid email address');
      return { email };
    }
    case 'cardNumber': {
      const cardNumber = normalizeCard(raw);
      if (!cardNumber) throw badUserInput('cardNumber must have at least 8 digits');
      return { cardNumber };
    }
    case 'orderNumber':
      return { orderNumber: raw };
    case 'name':
      return { name: raw };
  }
}

const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

const baseResolvers: Resolvers<CustomersContext> = {
  Query: {
    async customer(_root, { id }, ctx, info) {
      const decoded = decodeId('cus', id);
      if (!decoded) return null;
      const cluster = await ctx.identity.byRecord(ctx.call, decoded.system as SystemName, decoded.externalId, (e) =>
        ctx.partial.report(e, info),
      );
      return cluster ? toModel(cluster) : null;
    },
    async findCustomers(_root, { postcode, ...args }, ctx, info) {
      const first = args.first ?? 10;
      if (first < 1 || first > MAX_FIRST) throw badUserInput(`first must be between 1 and ${MAX_FIRST}`);
      if (postcode?.trim()) {
        // Name and postcode: the same ranking as customerCandidates, best first.
        if (!args.name?.trim()) throw badUserInput('postcode is only used together with name');
        if (postcode.length > 20) throw badUserInput('postcode is too long');
        const ranked = await ctx.identity.candidates(ctx.call, args.name.trim(), postcode.trim(), (e) => ctx.partial.report(e, info));
        return ranked.slice(0, first).map((c) => toModel(c.cluster));
      }
      const query = toQuery(args);
      const report = (e: Parameters<typeof ctx.partial.report>[0]) => ctx.partial.report(e, info);
      const clusters =
        'orderNumber' in query
          ? await ctx.identity.searchByOrderNumber(ctx.call, query.orderNumber, report)
          : await ctx.identity.search(ctx.call, query, report);
      return clusters.slice(0, first).map(toModel);
    },
  },
  Customer: {
    __resolveReference: (ref, ctx) => resolveById(ctx, ref.id),
    name: ({ cluster }) => `${cluster.anchor.firstName} ${cluster.anchor.lastName}`.trim(),
    firstName: ({ cluster }) => cluster.anchor.firstName,
    lastName: ({ cluster }) => cluster.anchor.lastName,
    emails: ({ cluster }) => distinct(cluster.members.flatMap((m) => m.record.emails.map(normalizeEmail))).filter((e) => !isRelayEmail(e)),
    phones: ({ cluster }) => distinct(cluster.members.flatMap((m) => m.record.phones.map((p) => normalizePhone(p)))),
  },
};

/** The resolver maps of each concern, merged type by type. */
export const resolvers: Resolvers<CustomersContext> = mergeResolvers([baseResolvers, identityResolvers, accountResolvers]);

function mergeResolvers(maps: Resolvers<CustomersContext>[]): Resolvers<CustomersContext> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) out[type] = { ...out[type], ...(fields as Record<string, unknown>) };
  }
  return out as Resolvers<CustomersContext>;
}
