import type { ErpCard, ErpCustomer, MemberTier, PosCustomer } from './types.ts';
import { WeightedTable, uniqueDraw, type Rng } from './random.ts';
import { fenToDecimal, iso, localDate, compareText } from './format.ts';
import { ERP_PHONE_STYLES, POS_PHONE_STYLES, typo, varyEmail, varyPhone } from './spelling.ts';
import type { PersonPlan } from './generatePeople.ts';

const TIERS = WeightedTable.of<MemberTier>({ BASIC: 50, SILVER: 28, GOLD: 15, PLATINUM: 7 });
const TIER_POINTS: Record<MemberTier, readonly [number, number]> = {
  BASIC: [0, 2_000],
  SILVER: [2_000, 8_000],
  GOLD: [8_000, 20_000],
  PLATINUM: [20_000, 80_000],
};
/** Crockford base32, the alphabet Square-style ids are drawn from. */
const SQUARE_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Quarter ends after the reference date: points expire at the end of a quarter. */
function nextQuarterEnds(refMs: number): string[] {
  const today = localDate(refMs);
  const year = Number(today.slice(0, 4));
  const ends = [year, year + 1].flatMap((y) => ['03-31', '06-30', '09-30', '12-31'].map((md) => `${y}-${md}`));
  return ends.filter((d) => d > today).slice(0, 2);
}

function erpCards(rng: Rng, plan: PersonPlan, createdMs: number, refMs: number, taken: Set<string>): ErpCard[] {
  const cards: ErpCard[] = [];
  if (plan.heavy || rng.chance(0.88)) {
    cards.push({ kind: 'MEMBER', number: uniqueDraw(taken, () => `8800${rng.digits(12)}`), issuedAt: iso(createdMs) });
  }
  if (rng.chance(0.12)) {
    cards.push({
      kind: 'GIFT',
      number: uniqueDraw(taken, () => `9900${rng.digits(12)}`),
      balance: fenToDecimal(rng.chance(0.2) ? 0 : rng.int(1, 2_000) * 50),
      issuedAt: iso(rng.dateBetween(createdMs, refMs)),
    });
  }
  if (rng.chance(0.02)) {
    cards.push({
      kind: 'INTERNAL_PURCHASE',
      number: uniqueDraw(taken, () => `7700${rng.digits(12)}`),
      issuedAt: iso(rng.dateBetween(createdMs, refMs)),
    });
  }
  return cards;
}

/** ERP customers numbered in sign-up order, as SAP hands out business partner numbers. */
export function generateErpCustomers(rng: Rng, plans: readonly PersonPlan[], refMs: number): ErpCustomer[] {
  const cardNumbers = new Set<string>();
  const expiries = nextQuarterEnds(refMs);
  const customers: ErpCustomer[] = [];
  for (const plan of plans) {
    if (!plan.inErp) continue;
    const p = plan.person;
    const createdMs = plan.heavy || rng.chance(0.85) ? rng.daysBefore(refMs, 370, 6 * 365) : rng.daysBefore(refMs, 20, 365);
    const tier = plan.heavy ? rng.pick<MemberTier>(['GOLD', 'PLATINUM']) : rng.weighted(TIERS);
    const [lo, hi] = TIER_POINTS[tier];
    const points = rng.int(lo, hi);
    const misspelt = rng.chance(0.03);
    const typoFirst = rng.chance(0.5);
    const cards = erpCards(rng, plan, createdMs, refMs, cardNumbers);
    const member = cards.find((c) => c.kind === 'MEMBER');
    if (member) p.memberCardNumber = member.number;
    customers.push({
      businessPartner: '',
      firstName: misspelt && typoFirst ? typo(rng, p.firstName) : p.firstName,
      lastName: misspelt && !typoFirst ? typo(rng, p.lastName) : p.lastName,
      email: varyEmail(rng, p.email, 0.3, 0.08),
      phone: varyPhone(rng, p.phone, ERP_PHONE_STYLES),
      address: { ...p.address },
      tier,
      points,
      expiringPoints: rng.chance(0.3) ? 0 : Math.floor(points * rng.float(0.05, 0.3)),
      pointsExpireOn: rng.chance(0.7) ? (expiries[0] ?? '') : (expiries[1] ?? expiries[0] ?? ''),
      cards,
      createdAt: iso(createdMs),
      changedAt: iso(rng.dateBetween(createdMs, refMs)),
      personId: p.personId,
    });
  }
  customers.sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.personId, b.personId));
  customers.forEach((c, i) => {
    c.businessPartner = String(10_000_001 + i).padStart(10, '0');
  });
  return customers;
}

/**
 * Store CRM records: typed by a cashier, so names get swapped or misspelt and contact
 * details are often missing. Every record of a person who is also elsewhere keeps at
 * least one key (phone, email or scanned member card) that the ERP or marketplace shares.
 */
export function generatePosCustomers(rng: Rng, plans: readonly PersonPlan[], refMs: number): PosCustomer[] {
  const ids = new Set<string>();
  const withCard = plans.filter((p) => p.inPos && p.inErp && !p.heavy && p.person.memberCardNumber);
  const cardOnly = new Set(rng.sample(withCard, Math.max(3, Math.round(withCard.length * 0.04))).map((p) => p.person.personId));
  const customers: PosCustomer[] = [];
  for (const plan of plans) {
    if (!plan.inPos) continue;
    const p = plan.person;
    const card = p.memberCardNumber;
    let given = p.firstName;
    let family = p.lastName;
    if (rng.chance(0.08)) {
      if (rng.chance(0.5)) given = typo(rng, given);
      else family = typo(rng, family);
    }
    // Cashiers often enter the name in Chinese order (family name first) into "given".
    if (rng.chance(0.15)) [given, family] = [family, given];
    let hasEmail: boolean;
    let hasPhone: boolean;
    let referenceId: string | undefined;
    if (cardOnly.has(p.personId)) {
      hasEmail = hasPhone = false;
      referenceId = card;
    } else {
      referenceId = card && (plan.heavy || rng.chance(0.5)) ? card : undefined;
      hasEmail = rng.chance(plan.inErp ? 0.65 : 0.5);
      hasPhone = plan.heavy || rng.chance(0.8);
      const linked = plan.inErp && (hasEmail || referenceId !== undefined);
      if (!hasPhone && !linked && (plan.inErp || plan.inMarketplace || !hasEmail)) hasPhone = true;
    }
    const createdMs = plan.heavy ? rng.daysBefore(refMs, 400, 5 * 365) : rng.daysBefore(refMs, 30, 5 * 365);
    const customer: PosCustomer = {
      id: uniqueDraw(ids, () => rng.string(26, SQUARE_ID_ALPHABET)),
      givenName: given,
      familyName: family,
      createdAt: iso(createdMs),
      updatedAt: iso(rng.dateBetween(createdMs, refMs)),
      personId: p.personId,
    };
    if (hasEmail) customer.emailAddress = varyEmail(rng, p.email, 0.35, 0.1);
    if (hasPhone) customer.phoneNumber = varyPhone(rng, p.phone, POS_PHONE_STYLES);
    if (referenceId) customer.referenceId = referenceId;
    customers.push(customer);
  }
  customers.sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
  return customers;
}
