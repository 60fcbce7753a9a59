/** Exact decimal arithmetic on the strings money travels as (never through floats). */

function parse(decimal: string): { units: bigint; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new RangeError(`not a decimal: ${decimal}`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(-scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** `amount / divisor`, rounded half away from zero to `scale` decimals. */
export function divideDecimal(amount: string, divisor: string, scale = 2): string {
  const a = parse(amount);
  const b = parse(divisor);
  if (b.units === 0n) throw new RangeError('division by zero');
  const numerator = a.units * 10n ** BigInt(b.scale + scale);
  const denominator = b.units * 10n ** BigInt(a.scale);
  let quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (2n * abs(remainder) >= abs(denominator)) quotient += numerator < 0n !== denominator < 0n ? -1n : 1n;
  return format(quotient, scale);
}

/** Whether a decimal string is zero ("0", "0.000"). */
export function isZero(decimal: string): boolean {
  return parse(decimal).units === 0n;
}
