import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_FILE, readSecurityConfig } from '../../gateway/src/plugins/securityConfig.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { as, demoPhone, SECURITY_SCALE } from './limitsHelpers.ts';

interface AuditLine {
  name: string;
  time: string;
  event: 'mutation' | 'personal-read';
  requestId: string;
  who: string;
  role: string;
  operationType: string;
  operationName: string | null;
  fields: string[];
  customerIds: string[];
  outcome: string;
}

/** Audit log (issue 9, item 8): JSON lines on their own stream, read back from the file. */
describe('audit log', () => {
  let dir: string;
  let file: string;
  let stack: TestStack;
  let phone: string;
  const lines = (): AuditLine[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditLine);
  const byRequest = (id: string) => lines().filter((l) => l.requestId === id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retail360-audit-'));
    file = join(dir, 'nested', 'audit.log');
    stack = await startTestStack({ scale: SECURITY_SCALE, env: { AUDIT_LOG: file } });
    phone = demoPhone();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a staff read of personal fields: who, role, operation, customer ids, time, request id', async () => {
    const res = await gql<{ findCustomers: { id: string }[] }>(
      stack.url,
      'query AgentLookup($p: String) { findCustomers(phone: $p) { id name emails identities { system } } }',
      { p: phone },
      { ...as(stack, 'agent'), 'x-request-id': 'audit-read-1' },
    );
    expect(res.body.errors).toBeUndefined();
    const ids = res.body.data!.findCustomers.map((c) => c.id).sort();
    const [line, ...more] = byRequest('audit-read-1');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      name: 'audit',
      event: 'personal-read',
      role: 'agent',
      operationType: 'query',
      operationName: 'AgentLookup',
      customerIds: ids,
      outcome: 'ok',
    });
    expect(line!.who.length).toBeGreaterThan(0);
    expect(line!.fields).toEqual(expect.arrayContaining(['Customer.name', 'Customer.emails']));
    expect(Date.now() - Date.parse(line!.time)).toBeLessThan(60_000);
    // Ids only: the personal data itself and the search arguments stay out of the audit stream.
    expect(JSON.stringify(line)).not.toContain(phone);
  });

  it('does not record reads without personal fields', async () => {
    const res = await gql(
      stack.url,
      'query Ids($p: String) { findCustomers(phone: $p) { id } }',
      { p: phone },
      { ...as(stack, 'agent'), 'x-request-id': 'audit-read-2' },
    );
    expect(res.status).toBe(200);
    expect(byRequest('audit-read-2')).toEqual([]);
  });

  it('records every mutation with the customer id, also when it is refused', async () => {
    const lookup = await gql<{ findCustomers: { id: string }[] }>(
      stack.url,
      'query ($p: String) { findCustomers(phone: $p) { id } }',
      { p: phone },
      as(stack, 'agent'),
    );
    const customerId = lookup.body.data!.findCustomers[0]!.id;
    const mutation =
      'mutation Link($c: ID!) { linkCustomerRecords(customerId: $c, system: POS, externalId: "NO-SUCH-RECORD", reason: "audit probe") { __typename } }';

    await gql(stack.url, mutation, { c: customerId }, { ...as(stack, 'agent'), 'x-request-id': 'audit-mut-1' });
    const [line] = byRequest('audit-mut-1');
    expect(line).toMatchObject({
      event: 'mutation',
      role: 'agent',
      operationType: 'mutation',
      operationName: 'Link',
      fields: ['linkCustomerRecords'],
      customerIds: [customerId],
    });

    // An analyst may not write; the attempt is on record all the same.
    await gql(stack.url, mutation, { c: customerId }, { ...as(stack, 'analyst'), 'x-request-id': 'audit-mut-2' });
    const [refused] = byRequest('audit-mut-2');
    expect(refused).toMatchObject({ event: 'mutation', role: 'analyst', customerIds: [customerId] });
    expect(refused!.outcome).not.toBe('ok');
  });

  it('writes to stdout in distributed mode and to .retail360/audit.log embedded, unless AUDIT_LOG says otherwise', () => {
    expect(readSecurityConfig({}, 'distributed').audit).toBe('stdout');
    expect(readSecurityConfig({}, 'embedded').audit).toBe(DEFAULT_AUDIT_FILE);
    expect(DEFAULT_AUDIT_FILE).toMatch(/\.retail360[/\\]audit\.log$/);
    expect(readSecurityConfig({ AUDIT_LOG: 'stdout' }, 'embedded').audit).toBe('stdout');
  });
});
