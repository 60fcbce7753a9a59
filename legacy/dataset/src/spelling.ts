/**
 * How the same fact gets typed differently in different systems. These variations are the
 * identity-resolution problem the graph has to solve, so each one is deliberate.
 */
import { WeightedTable, type Rng } from './random.ts';
import { flat } from './format.ts';

export type PhoneStyle = 'E164' | 'INTL_SPACED' | 'NATIONAL' | 'DASHED' | 'IDD_SPACED' | 'SPACED';

/** `e164` is "+86" followed by an 11-digit mobile number. */
export function formatPhone(e164: string, style: PhoneStyle): string {
  const n = e164.replace(/^\+86/, '');
  const grouped = `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  switch (style) {
    case 'E164':
      return e164;
    case 'INTL_SPACED':
      return `+86 ${grouped}`;
    case 'NATIONAL':
      return n;
    case 'DASHED':
      return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
    case 'IDD_SPACED':
      return `0086 ${grouped}`;
    case 'SPACED':
      return grouped;
  }
}

type PhoneStyleTable = WeightedTable<PhoneStyle>;

/** Web sign-up forms normalise a little; the call centre types whatever it hears. */
export const ERP_PHONE_STYLES: PhoneStyleTable = WeightedTable.of<PhoneStyle>({
  E164: 40,
  NATIONAL: 30,
  INTL_SPACED: 15,
  DASHED: 10,
  IDD_SPACED: 5,
});
/** Cashiers type the number the customer says, so national forms dominate at the till. */
export const POS_PHONE_STYLES: PhoneStyleTable = WeightedTable.of<PhoneStyle>({
  NATIONAL: 40,
  SPACED: 15,
  DASHED: 15,
  E164: 15,
  INTL_SPACED: 10,
  IDD_SPACED: 5,
});
export const MARKETPLACE_PHONE_STYLES: PhoneStyleTable = WeightedTable.of<PhoneStyle>({
  E164: 35,
  NATIONAL: 35,
  INTL_SPACED: 10,
  DASHED: 10,
  IDD_SPACED: 10,
});

export function varyPhone(rng: Rng, e164: string, styles: PhoneStyleTable): string {
  return flat(formatPhone(e164, rng.weighted(styles)));
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The address as typed: odd case ("Wei.Zhang@Example.com", all caps) and sometimes stray
 * whitespace around it. Trim + lower-case always gives the canonical address back.
 */
export function varyEmail(rng: Rng, email: string, pVaried: number, pWhitespace: number): string {
  let out = email;
  if (rng.chance(pVaried)) {
    const r = rng.next();
    if (r < 0.6) {
      const [local = '', domain = ''] = email.split('@');
      out = `${local.split('.').map(capitalise).join('.')}@${capitalise(domain)}`;
    } else if (r < 0.8) out = email.toUpperCase();
    else out = capitalise(email);
  }
  if (rng.chance(pWhitespace)) out = rng.pick([` ${out} `, `${out} `, ` ${out}`]);
  return flat(out);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One letter changed or dropped; the first letter is kept so the name still looks typed. */
export function typo(rng: Rng, name: string): string {
  if (name.length < 2) return name;
  const pos = rng.int(1, name.length - 1);
  if (name.length > 3 && rng.chance(0.5)) return name.slice(0, pos) + name.slice(pos + 1);
  const current = name.charAt(pos).toLowerCase();
  let replacement = current;
  while (replacement === current) replacement = rng.pick([...LETTERS]);
  return name.slice(0, pos) + replacement + name.slice(pos + 1);
}
