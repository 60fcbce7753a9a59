import type { Address, Person } from './types.ts';
import { WeightedTable, uniqueDraw, type Rng } from './random.ts';
import { flat, pad } from './format.ts';
import { DISTRICTS, EMAIL_DOMAINS, FAMILY_NAMES, GIVEN_NAMES, MOBILE_PREFIXES, type District } from './referenceData.ts';

/** Everything the later generators need to know about a person beyond the Person record. */
export interface PersonPlan {
  person: Person;
  district: District;
  inErp: boolean;
  inPos: boolean;
  inMarketplace: boolean;
  /** One of the few people with dozens of orders in every channel. */
  heavy: boolean;
  /** Store the person usually shops at (nearest to home). */
  homeStore: string;
}

const FAMILY_TABLE = new WeightedTable(FAMILY_NAMES);
const GIVEN_TABLE = new WeightedTable(GIVEN_NAMES);
const DISTRICT_TABLE = new WeightedTable(DISTRICTS.map((d) => [d, d.weight] as const));
const DOMAIN_TABLE = new WeightedTable(EMAIL_DOMAINS);

const HOME_STORES: Record<string, readonly string[]> = {
  "Jing'an": ['ST001'],
  Xuhui: ['ST002'],
  Pudong: ['ST003', 'ST010'],
  Huangpu: ['ST004'],
  Changning: ['ST005'],
  Putuo: ['ST006'],
  Hongkou: ['ST007'],
  Yangpu: ['ST008'],
  Minhang: ['ST009'],
  Songjiang: ['ST011'],
  Baoshan: ['ST012'],
  Jiading: ['ST006', 'ST012'],
  Qingpu: ['ST011', 'ST005'],
  Fengxian: ['ST009', 'ST010'],
};

type Presence = readonly [erp: boolean, pos: boolean, marketplace: boolean];

/** 44% of people are in two or more systems (the spec asks for at least a third). */
const PRESENCE = new WeightedTable<Presence>([
  [[true, false, false], 22],
  [[false, true, false], 22],
  [[false, false, true], 12],
  [[true, true, false], 22],
  [[true, false, true], 8],
  [[false, true, true], 5],
  [[true, true, true], 9],
]);

function emailLocalPart(rng: Rng, given: string, family: string): string {
  const g = given.toLowerCase();
  const f = family.toLowerCase();
  const r = rng.next();
  if (r < 0.3) return `${g}.${f}`;
  if (r < 0.5) return `${f}${g}${rng.digits(2)}`;
  if (r < 0.6) return `${g.charAt(0)}${f}`;
  if (r < 0.75) return `${f}.${g}${rng.int(1965, 2006)}`;
  if (r < 0.85) return `${g}${f}${rng.digits(3)}`;
  return `${g}_${f}`;
}

function uniqueEmail(rng: Rng, taken: Set<string>, given: string, family: string): string {
  const local = emailLocalPart(rng, given, family);
  const domain = rng.weighted(DOMAIN_TABLE);
  let candidate = `${local}@${domain}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  taken.add(candidate);
  return candidate;
}

function homeAddress(rng: Rng, district: District): Address {
  const street = rng.pick(district.streets);
  const room = `${rng.int(1, 32)}${pad(rng.int(1, 4), 2)}`;
  const line1 = rng.chance(0.6)
    ? `Room ${room}, No. ${rng.int(1, 60)}, Lane ${rng.int(1, 2999)} ${street}`
    : `${rng.int(1, 2999)} ${street}, Apt ${room}`;
  return { line1: flat(line1), city: 'Shanghai', district: district.name, postcode: district.postcode, country: 'CN' };
}

export function generatePeople(rng: Rng, count: number, heavyCount: number): PersonPlan[] {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const plans: PersonPlan[] = [];
  for (let i = 0; i < count; i++) {
    let firstName = rng.weighted(GIVEN_TABLE);
    let lastName = rng.weighted(FAMILY_TABLE);
    // Namesakes beyond the natural collisions, so even a tiny dataset has some.
    const twin = i > 0 && rng.chance(0.01) ? plans[rng.int(0, i - 1)] : undefined;
    if (twin) {
      firstName = twin.person.firstName;
      lastName = twin.person.lastName;
    }
    const district = rng.weighted(DISTRICT_TABLE);
    const [inErp, inPos, inMarketplace] = rng.weighted(PRESENCE);
    plans.push({
      person: {
        personId: `person-${pad(i + 1, 5)}`,
        firstName,
        lastName,
        email: uniqueEmail(rng, emails, firstName, lastName),
        phone: uniqueDraw(phones, () => `+86${rng.pick(MOBILE_PREFIXES)}${rng.digits(8)}`),
        address: homeAddress(rng, district),
      },
      district,
      inErp,
      inPos,
      inMarketplace,
      heavy: false,
      homeStore: rng.pick(HOME_STORES[district.name] ?? ['ST001']),
    });
  }
  for (const plan of rng.sample(plans, Math.min(heavyCount, plans.length))) {
    plan.heavy = true;
    plan.inErp = plan.inPos = plan.inMarketplace = true;
  }
  return plans;
}
