/**
 * How personal fields look to a caller that may see them only masked (chatbots). The kind
 * comes from the field's `@pii(kind: …)` marker; an unknown kind is masked entirely.
 */
export function maskValue(kind: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(kind, v));
  if (typeof value !== 'string') return null;
  switch (kind) {
    case 'EMAIL':
      return maskEmail(value);
    case 'PHONE':
    case 'CARD':
    case 'IDENTIFIER':
      return lastFour(value);
    case 'NAME':
      return value
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => `${[...w][0]}***`)
        .join(' ');
    default:
      return '***';
  }
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${[...email][0]}***${email.slice(at)}`;
}

/** `+8613800138000` → `*******8000`: a fixed run of stars, so the length does not leak either. */
export function lastFour(value: string): string {
  const digits = value.replace(/[^0-9A-Za-z]/g, '');
  return `*******${digits.slice(-4)}`;
}
