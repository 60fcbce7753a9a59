import { invalidRequest } from './errors.ts';

/**
 * Readers for request bodies and query strings that fail the way Square does: a 400
 * INVALID_REQUEST_ERROR whose `field` names the offending path (e.g. `query.filter.state_filter.states`).
 */
export type JsonObject = Record<string, unknown>;

export function body(value: unknown): JsonObject {
  // fastify parses text/plain to a string: the client did not send JSON at all.
  if (typeof value === 'string') throw invalidRequest('INVALID_CONTENT_TYPE', 'Request bodies must be application/json.');
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest('EXPECTED_JSON_BODY', 'The request body must be a JSON object.');
  }
  return value as JsonObject;
}

export function object(value: unknown, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest('EXPECTED_OBJECT', `Expected \`${field}\` to be an object.`, field);
  }
  return value as JsonObject;
}

export function string(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest('EXPECTED_STRING', `Expected \`${field}\` to be a string.`, field);
  return value;
}

export function boolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest('EXPECTED_BOOLEAN', `Expected \`${field}\` to be a boolean.`, field);
  return value;
}

export function integer(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidRequest('EXPECTED_INTEGER', `Expected \`${field}\` to be an integer.`, field);
  }
  if (value < min) throw invalidRequest('VALUE_TOO_LOW', `\`${field}\` must be at least ${min}.`, field);
  if (value > max) throw invalidRequest('VALUE_TOO_HIGH', `\`${field}\` must be at most ${max}.`, field);
  return value;
}

export function stringArray(value: unknown, field: string, maxItems: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidRequest('EXPECTED_ARRAY', `Expected \`${field}\` to be an array.`, field);
  if (value.length > maxItems) {
    throw invalidRequest('ARRAY_LENGTH_TOO_LONG', `\`${field}\` must have at most ${maxItems} elements.`, field);
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw invalidRequest('EXPECTED_STRING', `Expected \`${field}[${i}]\` to be a string.`, `${field}[${i}]`);
  });
  return value as string[];
}

export function enumValue<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  const text = string(value, field);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw invalidRequest('INVALID_ENUM_VALUE', `\`${field}\` must be one of ${allowed.join(', ')}; got \`${text.slice(0, 64)}\`.`, field);
  }
  return text as T;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** RFC 3339 timestamp to epoch ms. */
export function timestamp(value: unknown, field: string): number | undefined {
  const text = string(value, field);
  if (text === undefined) return undefined;
  const ms = RFC3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidRequest('INVALID_TIME', `\`${field}\` must be an RFC 3339 timestamp.`, field);
  return ms;
}

export interface TimeRange {
  startMs?: number;
  endMs?: number;
}

export function timeRange(value: unknown, field: string): TimeRange | undefined {
  const range = object(value, field);
  if (!range) return undefined;
  const startMs = timestamp(range.start_at, `${field}.start_at`);
  const endMs = timestamp(range.end_at, `${field}.end_at`);
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    throw invalidRequest('INVALID_TIME_RANGE', `\`${field}.start_at\` must not be after \`end_at\`.`, field);
  }
  return { ...(startMs !== undefined && { startMs }), ...(endMs !== undefined && { endMs }) };
}

/** Inclusive at both ends, as Square documents for its time ranges. */
export function inRange(iso: string | undefined, range: TimeRange): boolean {
  if (iso === undefined) return false;
  const ms = Date.parse(iso);
  return (range.startMs === undefined || ms >= range.startMs) && (range.endMs === undefined || ms <= range.endMs);
}

/** A query-string parameter (fastify gives an array when the name repeats; Square takes the first). */
export function queryParam(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

export function queryInteger(query: unknown, name: string, min: number, max: number): number | undefined {
  const raw = queryParam(query, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw invalidRequest('EXPECTED_INTEGER', `Expected \`${name}\` to be an integer.`, name);
  return integer(Number(raw), name, min, max);
}

export function queryBoolean(query: unknown, name: string): boolean | undefined {
  const raw = queryParam(query, name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw invalidRequest('EXPECTED_BOOLEAN', `Expected \`${name}\` to be true or false.`, name);
  return raw === 'true';
}

export function queryEnum<T extends string>(query: unknown, name: string, allowed: readonly T[]): T | undefined {
  return enumValue(queryParam(query, name), name, allowed);
}

export function queryTimestamp(query: unknown, name: string): number | undefined {
  return timestamp(queryParam(query, name), name);
}
