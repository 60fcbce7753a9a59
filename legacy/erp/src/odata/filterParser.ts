/**
 * `$filter` for OData V2: a tokenizer and a recursive-descent parser that binds property
 * names and checks operand types against the entity set as it goes, so a bad filter is a
 * 400 before any row is looked at (as SAP Gateway answers).
 *
 * Precedence, loosest first: or, and, eq/ne/gt/ge/lt/le, not, primary.
 */
import { expressionError } from './errors.ts';
import { isDateType, isNumericType, type EdmType, type EntitySet, type Value } from './model.ts';

export type ExprType = EdmType | 'null';
export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Expr =
  | { kind: 'literal'; type: ExprType; value: Value }
  | { kind: 'property'; type: EdmType; name: string }
  | { kind: 'call'; type: EdmType; name: string; args: Expr[] }
  | { kind: 'not'; type: 'Edm.Boolean'; operand: Expr }
  | { kind: 'logical'; type: 'Edm.Boolean'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; type: 'Edm.Boolean'; op: ComparisonOp; left: Expr; right: Expr };

type Token =
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number }
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'literal'; type: ExprType; value: Value; pos: number };

type ParamType = 'string' | 'number' | 'date';

interface FunctionSignature {
  params: readonly (readonly ParamType[])[];
  returns: EdmType;
}

const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  substringof: { params: [['string', 'string']], returns: 'Edm.Boolean' },
  startswith: { params: [['string', 'string']], returns: 'Edm.Boolean' },
  endswith: { params: [['string', 'string']], returns: 'Edm.Boolean' },
  tolower: { params: [['string']], returns: 'Edm.String' },
  toupper: { params: [['string']], returns: 'Edm.String' },
  trim: { params: [['string']], returns: 'Edm.String' },
  concat: { params: [['string', 'string']], returns: 'Edm.String' },
  length: { params: [['string']], returns: 'Edm.Int32' },
  indexof: { params: [['string', 'string']], returns: 'Edm.Int32' },
  substring: {
    params: [
      ['string', 'number'],
      ['string', 'number', 'number'],
    ],
    returns: 'Edm.String',
  },
  year: { params: [['date']], returns: 'Edm.Int32' },
  month: { params: [['date']], returns: 'Edm.Int32' },
  day: { params: [['date']], returns: 'Edm.Int32' },
  hour: { params: [['date']], returns: 'Edm.Int32' },
  minute: { params: [['date']], returns: 'Edm.Int32' },
  second: { params: [['date']], returns: 'Edm.Int32' },
};

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const RESERVED = new Set<string>(['and', 'or', 'not', ...COMPARISONS]);

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const DATETIMEOFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const TIME = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d+)?S)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/;

function typedLiteral(prefix: string, body: string, pos: number): Token {
  const bad = () => expressionError(`Invalid literal ${prefix}'${body}' at position ${pos}.`);
  if (prefix === 'datetime') {
    const m = DATETIME.exec(body);
    if (!m) throw bad();
    const [, y, mo, d, h, mi, s, frac] = m;
    const ms = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s ?? 0),
      Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
    );
    if (Number.isNaN(ms)) throw bad();
    return { kind: 'literal', type: 'Edm.DateTime', value: ms, pos };
  }
  if (prefix === 'datetimeoffset') {
    const ms = DATETIMEOFFSET.test(body) ? Date.parse(body) : Number.NaN;
    if (Number.isNaN(ms)) throw bad();
    return { kind: 'literal', type: 'Edm.DateTimeOffset', value: ms, pos };
  }
  if (prefix === 'time') {
    const m = TIME.exec(body);
    if (!m || body === 'PT') throw bad();
    const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
    return { kind: 'literal', type: 'Edm.Time', value: ms, pos };
  }
  throw expressionError(`Literal type '${prefix}' at position ${pos} is not supported.`);
}

/** Reads a quoted body starting at the opening quote; `''` is an escaped quote. */
function readQuoted(input: string, start: number): { body: string; end: number } {
  let body = '';
  let i = start + 1;
  for (;;) {
    if (i >= input.length) throw expressionError(`Invalid token detected at position ${start + 1}.`);
    const ch = input[i] as string;
    if (ch === "'") {
      if (input[i + 1] === "'") {
        body += "'";
        i += 2;
        continue;
      }
      return { body, end: i + 1 };
    }
    body += ch;
    i++;
  }
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    const pos = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch, pos });
      i++;
    } else if (ch === "'") {
      const { body, end } = readQuoted(input, i);
      tokens.push({ kind: 'literal', type: 'Edm.String', value: body, pos });
      i = end;
    } else if (/[0-9-]/.test(ch)) {
      const m = NUMBER.exec(input.slice(i));
      if (!m) throw expressionError(`Invalid token detected at position ${pos}.`);
      const text = m[0];
      const suffix = /[mMdDfFlL]$/.test(text) ? text.slice(-1).toLowerCase() : '';
      const digits = suffix ? text.slice(0, -1) : text;
      const integral = /^-?\d+$/.test(digits) && suffix !== 'm' && suffix !== 'd' && suffix !== 'f';
      tokens.push({ kind: 'literal', type: integral ? 'Edm.Int32' : 'Edm.Decimal', value: Number(digits), pos });
      i += text.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/.exec(input.slice(i));
      const text = (m as RegExpExecArray)[0];
      i += text.length;
      if (input[i] === "'" && !text.includes('/')) {
        const { body, end } = readQuoted(input, i);
        tokens.push(typedLiteral(text, body, pos));
        i = end;
      } else {
        tokens.push({ kind: 'ident', text, pos });
      }
    } else {
      throw expressionError(`Invalid token detected at position ${pos}.`);
    }
  }
  return tokens;
}

function familyOf(type: ExprType): ParamType | 'boolean' | 'time' | 'null' {
  if (type === 'null') return 'null';
  if (type === 'Edm.String') return 'string';
  if (isNumericType(type)) return 'number';
  if (isDateType(type)) return 'date';
  if (type === 'Edm.Time') return 'time';
  return 'boolean';
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly set: EntitySet,
    private readonly inputLength: number,
  ) {}

  parse(): Expr {
    if (this.tokens.length === 0) throw expressionError('Expression expected at position 1.');
    const expr = this.parseOr();
    const extra = this.peek();
    if (extra) throw expressionError(`Invalid token detected at position ${extra.pos}.`);
    if (expr.type !== 'Edm.Boolean') throw expressionError(`The $filter expression must be of type Edm.Boolean, not ${expr.type}.`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw expressionError(`Expression expected at position ${this.inputLength + 1}.`);
    return token;
  }

  private peekKeyword(word: string): Token | undefined {
    const t = this.peek();
    return t?.kind === 'ident' && t.text === word ? t : undefined;
  }

  private expectPunct(text: '(' | ')' | ','): void {
    const t = this.tokens[this.index++];
    if (t?.kind !== 'punct' || t.text !== text) {
      throw expressionError(`'${text}' expected at position ${t?.pos ?? this.inputLength + 1}.`);
    }
  }

  private requireBoolean(expr: Expr, op: string, pos: number): void {
    if (expr.type !== 'Edm.Boolean' && expr.type !== 'null') {
      throw expressionError(`Operator '${op}' at position ${pos} needs an Edm.Boolean operand, not ${expr.type}.`);
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    for (let t = this.peekKeyword('or'); t; t = this.peekKeyword('or')) {
      this.index++;
      const right = this.parseAnd();
      this.requireBoolean(left, 'or', t.pos);
      this.requireBoolean(right, 'or', t.pos);
      left = { kind: 'logical', type: 'Edm.Boolean', op: 'or', left, right };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    for (let t = this.peekKeyword('and'); t; t = this.peekKeyword('and')) {
      this.index++;
      const right = this.parseComparison();
      this.requireBoolean(left, 'and', t.pos);
      this.requireBoolean(right, 'and', t.pos);
      left = { kind: 'logical', type: 'Edm.Boolean', op: 'and', left, right };
    }
    return left;
  }

  private parseComparison(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'ident' || !COMPARISONS.has(t.text)) return left;
      this.index++;
      const op = t.text as ComparisonOp;
      const right = this.parseUnary();
      const a = familyOf(left.type);
      const b = familyOf(right.type);
      const compatible = a === 'null' || b === 'null' || a === b;
      const ordered = op === 'eq' || op === 'ne' || a !== 'boolean';
      if (!compatible || !ordered) {
        throw expressionError(`Operator '${op}' incompatible with operand types '${left.type}' and '${right.type}' at position ${t.pos}.`);
      }
      left = { kind: 'compare', type: 'Edm.Boolean', op, left, right };
    }
  }

  private parseUnary(): Expr {
    const t = this.peekKeyword('not');
    if (!t) return this.parsePrimary();
    this.index++;
    const operand = this.parseUnary();
    this.requireBoolean(operand, 'not', t.pos);
    return { kind: 'not', type: 'Edm.Boolean', operand };
  }

  private parsePrimary(): Expr {
    const t = this.next();
    if (t.kind === 'literal') return { kind: 'literal', type: t.type, value: t.value };
    if (t.kind === 'punct') {
      if (t.text !== '(') throw expressionError(`Invalid token detected at position ${t.pos}.`);
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', type: 'Edm.Boolean', value: t.text === 'true' };
    if (t.text === 'null') return { kind: 'literal', type: 'null', value: null };
    if (RESERVED.has(t.text)) throw expressionError(`Invalid token detected at position ${t.pos}.`);
    const after = this.peek();
    if (after?.kind === 'punct' && after.text === '(') return this.parseCall(t.text, t.pos);
    const type = this.set.properties[t.text];
    if (!type) {
      throw expressionError(`Property '${t.text}' not found in type '${this.set.entityType}' at position ${t.pos}.`);
    }
    return { kind: 'property', type, name: t.text };
  }

  private parseCall(name: string, pos: number): Expr {
    const signature = FUNCTIONS[name];
    if (!signature) throw expressionError(`Unknown function '${name}' at position ${pos}.`);
    this.expectPunct('(');
    const args: Expr[] = [];
    const close = this.peek();
    if (!(close?.kind === 'punct' && close.text === ')')) {
      args.push(this.parseOr());
      while (this.peek()?.kind === 'punct' && (this.peek() as { text: string }).text === ',') {
        this.index++;
        args.push(this.parseOr());
      }
    }
    this.expectPunct(')');
    const fits = signature.params.some(
      (params) =>
        params.length === args.length &&
        params.every((p, i) => {
          const family = familyOf((args[i] as Expr).type);
          return family === 'null' || family === p;
        }),
    );
    if (!fits) throw expressionError(`Invalid parameters for function '${name}' at position ${pos}.`);
    return { kind: 'call', type: signature.returns, name, args };
  }
}

/** Parses and type-checks a `$filter` value against an entity set. */
export function parseFilter(input: string, set: EntitySet): Expr {
  return new Parser(tokenize(input), set, input.length).parse();
}
