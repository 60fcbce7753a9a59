import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A Square-looking id (upper-case base32) derived from a seed, so the objects the simulator
 * invents (catalog variations, return orders, refunds) keep the same id across restarts.
 */
export function squareId(seed: string, length = 26): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += BASE32[(bytes[i % bytes.length] ?? 0) % 32];
  return out;
}

/** Card brands as Square's `CardBrand` enum spells them. */
const BRANDS = new Set([
  'OTHER_BRAND',
  'VISA',
  'MASTERCARD',
  'AMERICAN_EXPRESS',
  'DISCOVER',
  'DISCOVER_DINERS',
  'JCB',
  'CHINA_UNIONPAY',
  'SQUARE_GIFT_CARD',
  'SQUARE_CAPITAL_CARD',
  'INTERAC',
  'EFTPOS',
  'FELICA',
  'EBT',
]);
const ALIASES: Record<string, string> = {
  UNIONPAY: 'CHINA_UNIONPAY',
  UNION_PAY: 'CHINA_UNIONPAY',
  CUP: 'CHINA_UNIONPAY',
  AMEX: 'AMERICAN_EXPRESS',
  MASTER: 'MASTERCARD',
  MASTER_CARD: 'MASTERCARD',
};

export function cardBrand(raw: string | undefined): string {
  const key = (raw ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (BRANDS.has(key)) return key;
  return ALIASES[key] ?? 'OTHER_BRAND';
}
