import { describe, expect, it } from 'vitest';
import { ODataError } from '../src/odata/errors.ts';
import { matches } from '../src/odata/filterEval.ts';
import { parseFilter, tokenize } from '../src/odata/filterParser.ts';
import { defineEntitySet, type Row } from '../src/odata/model.ts';

const rows: Row[] = [
  {
    Id: '1',
    Name: "O'Neill",
    Amount: '10.50',
    Qty: 1,
    Active: true,
    Created: Date.UTC(2026, 0, 15),
    Changed: Date.UTC(2026, 0, 15, 8, 30),
    Note: null,
  },
  {
    Id: '2',
    Name: 'Zhang Wei',
    Amount: '200.00',
    Qty: 5,
    Active: false,
    Created: Date.UTC(2026, 5, 1),
    Changed: Date.UTC(2026, 5, 1, 23, 0),
    Note: 'vip',
  },
  {
    Id: '3',
    Name: 'li na',
    Amount: '99.99',
    Qty: 3,
    Active: true,
    Created: Date.UTC(2025, 11, 31),
    Changed: Date.UTC(2025, 11, 31, 0, 0),
    Note: '',
  },
];
const set = defineEntitySet({
  name: 'Things',
  entityType: 'ThingType',
  keys: ['Id'],
  properties: {
    Id: 'Edm.String',
    Name: 'Edm.String',
    Amount: 'Edm.Decimal',
    Qty: 'Edm.Int32',
    Active: 'Edm.Boolean',
    Created: 'Edm.DateTime',
    Changed: 'Edm.DateTimeOffset',
    Note: 'Edm.String',
  },
  navigation: {},
  rows,
});

const ids = (filter: string) => rows.filter((r) => matches(parseFilter(filter, set), r)).map((r) => r.Id);

function fails(filter: string): ODataError {
  try {
    parseFilter(filter, set);
  } catch (err) {
    expect(err).toBeInstanceOf(ODataError);
    expect((err as ODataError).status).toBe(400);
    return err as ODataError;
  }
  throw new Error(`expected "${filter}" to be rejected`);
}

describe('$filter parser and evaluator', () => {
  it('compares with every relational operator', () => {
    expect(ids("Id eq '2'")).toEqual(['2']);
    expect(ids("Id ne '2'")).toEqual(['1', '3']);
    expect(ids('Qty gt 3')).toEqual(['2']);
    expect(ids('Qty ge 3')).toEqual(['2', '3']);
    expect(ids('Qty lt 3')).toEqual(['1']);
    expect(ids('Qty le 3')).toEqual(['1', '3']);
  });

  it('compares decimals numerically, not as strings', () => {
    expect(ids('Amount gt 99.99')).toEqual(['2']);
    expect(ids('Amount ge 99.99M')).toEqual(['2', '3']);
    expect(ids('Amount lt 100')).toEqual(['1', '3']);
  });

  it('gives and precedence over or, and respects parentheses and not', () => {
    expect(ids("Id eq '1' or Id eq '2' and Active eq true")).toEqual(['1']);
    expect(ids("(Id eq '1' or Id eq '2') and Active eq true")).toEqual(['1']);
    expect(ids("(Id eq '2' or Id eq '3') and Active eq true")).toEqual(['3']);
    expect(ids("not (Id eq '1')")).toEqual(['2', '3']);
    expect(ids('not Active')).toEqual(['2']);
    expect(ids("not startswith(Name,'Z') and Qty lt 5")).toEqual(['1', '3']);
  });

  it("reads '' inside a string literal as one quote", () => {
    expect(ids("Name eq 'O''Neill'")).toEqual(['1']);
    expect(tokenize("'it''s'")[0]).toMatchObject({ kind: 'literal', value: "it's" });
  });

  it('treats an injected clause inside a literal as data', () => {
    expect(ids("Name eq ''' or 1 eq 1 or Name eq '''")).toEqual([]);
  });

  it('supports datetime and datetimeoffset literals', () => {
    expect(ids("Created ge datetime'2026-01-01T00:00'")).toEqual(['1', '2']);
    expect(ids("Created eq datetime'2025-12-31T00:00:00'")).toEqual(['3']);
    expect(ids("Changed gt datetimeoffset'2026-01-15T16:00:00+08:00'")).toEqual(['1', '2']);
    expect(ids("Changed lt datetimeoffset'2026-01-15T08:30:00Z'")).toEqual(['3']);
    expect(ids('year(Created) eq 2026 and month(Created) eq 6')).toEqual(['2']);
  });

  it('supports the string functions', () => {
    expect(ids("substringof('eil',Name)")).toEqual(['1']);
    expect(ids("substringof('ZHANG',toupper(Name))")).toEqual(['2']);
    expect(ids("startswith(tolower(Name),'li')")).toEqual(['3']);
    expect(ids("endswith(Name,'Wei')")).toEqual(['2']);
    expect(ids("tolower(Name) eq 'zhang wei'")).toEqual(['2']);
    expect(ids('length(Name) eq 5')).toEqual(['3']);
    expect(ids("trim(concat(' ', Id)) eq '3'")).toEqual(['3']);
  });

  it('handles null as SAP does: eq null matches, ordering comparisons do not', () => {
    expect(ids('Note eq null')).toEqual(['1']);
    expect(ids('Note ne null')).toEqual(['2', '3']);
    expect(ids("Note gt ''")).toEqual(['2']);
    expect(ids("substringof('v',Note)")).toEqual(['2']);
  });

  it('rejects unknown properties, naming them', () => {
    expect(fails("Colour eq 'red'").message).toContain("Property 'Colour' not found in type 'ThingType'");
    expect(fails("to_Item/Material eq 'x'").message).toContain("'to_Item/Material'");
  });

  it('rejects syntax errors with the token position', () => {
    expect(fails("Id eq '1").message).toBe('Invalid token detected at position 7.');
    expect(fails("Id eq '1' Id").message).toBe('Invalid token detected at position 11.');
    expect(fails('Id eq').message).toContain('Expression expected');
    expect(fails("(Id eq '1'").message).toContain("')' expected");
    expect(fails("Id == '1'").message).toContain('Invalid token');
    expect(fails('').message).toContain('Expression expected');
    expect(fails("Id eq '1' and").message).toContain('Expression expected');
  });

  it('rejects type mismatches and non-boolean filters', () => {
    expect(fails('Id eq 1').message).toContain("incompatible with operand types 'Edm.String' and 'Edm.Int32'");
    expect(fails("Created gt '2026-01-01'").message).toContain('incompatible');
    expect(fails('Active gt false').message).toContain('incompatible');
    expect(fails('Name').message).toContain('must be of type Edm.Boolean');
    expect(fails("Id eq '1' and Name").message).toContain('needs an Edm.Boolean operand');
    expect(fails('substringof(Qty,Name)').message).toContain("Invalid parameters for function 'substringof'");
    expect(fails('frobnicate(Name)').message).toContain("Unknown function 'frobnicate'");
    expect(fails("Created eq datetime'2026-13-45'").message).toContain('Invalid literal');
    expect(fails("Id eq guid'12345678-1234-1234-1234-123456789012'").message).toContain('not supported');
  });
});
