import type { Expr } from './filterParser.ts';
import { isNumericType, type Row, type Value } from './model.ts';

/** Decimals travel as strings; comparisons and arithmetic need numbers. */
function read(expr: Expr, row: Row): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'property': {
      const v = row[expr.name] ?? null;
      return isNumericType(expr.type) && typeof v === 'string' ? Number(v) : v;
    }
    case 'call':
      return call(
        expr.name,
        expr.args.map((a) => read(a, row)),
      );
    case 'not':
      return !truthy(read(expr.operand, row));
    case 'logical': {
      const left = truthy(read(expr.left, row));
      if (expr.op === 'and') return left && truthy(read(expr.right, row));
      return left || truthy(read(expr.right, row));
    }
    case 'compare':
      return compare(expr.op, read(expr.left, row), read(expr.right, row));
  }
}

function truthy(v: Value): boolean {
  return v === true;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (a === null || b === null) {
    if (op === 'eq') return a === b;
    if (op === 'ne') return a !== b;
    return false;
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    default:
      return a <= b;
  }
}

function dateParts(ms: number): Date {
  return new Date(ms);
}

function call(name: string, args: Value[]): Value {
  if (args.some((a) => a === null)) return name === 'substringof' || name.endsWith('with') ? false : null;
  const [a, b, c] = args as [Value, Value, Value];
  switch (name) {
    case 'substringof':
      return String(b).includes(String(a));
    case 'startswith':
      return String(a).startsWith(String(b));
    case 'endswith':
      return String(a).endsWith(String(b));
    case 'tolower':
      return String(a).toLowerCase();
    case 'toupper':
      return String(a).toUpperCase();
    case 'trim':
      return String(a).trim();
    case 'concat':
      return String(a) + String(b);
    case 'length':
      return String(a).length;
    case 'indexof':
      return String(a).indexOf(String(b));
    case 'substring':
      return c === undefined ? String(a).substring(Number(b)) : String(a).slice(Number(b), Number(b) + Number(c));
    case 'year':
      return dateParts(Number(a)).getUTCFullYear();
    case 'month':
      return dateParts(Number(a)).getUTCMonth() + 1;
    case 'day':
      return dateParts(Number(a)).getUTCDate();
    case 'hour':
      return dateParts(Number(a)).getUTCHours();
    case 'minute':
      return dateParts(Number(a)).getUTCMinutes();
    case 'second':
      return dateParts(Number(a)).getUTCSeconds();
    default:
      throw new Error(`function ${name} passed the parser but has no implementation`);
  }
}

/** Whether a row satisfies a parsed, type-checked filter. */
export function matches(filter: Expr, row: Row): boolean {
  return read(filter, row) === true;
}
