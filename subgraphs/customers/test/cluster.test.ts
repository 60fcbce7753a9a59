import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../adapters/core/src/index.ts';
import { clusterRecords, recordKey } from '../src/identity/cluster.ts';

const rec = (system: CustomerRecord['system'], externalId: string, p: Partial<CustomerRecord> = {}): CustomerRecord => ({
  system,
  externalId,
  firstName: 'Wei',
  lastName: 'Zhang',
  emails: [],
  phones: [],
  cardNumbers: [],
  ...p,
});

const keysOf = (c: { members: { record: CustomerRecord }[] }) => c.members.map((m) => recordKey(m.record)).sort();

describe('identity rules', () => {
  it('joins email spelled with odd case and spaces', () => {
    const clusters = clusterRecords([
      rec('ERP', '0010000001', { emails: ['wei.zhang@example.com'] }),
      rec('POS', 'SQ1', { emails: ['  Wei.Zhang@Example.COM '] }),
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.map((m) => m.matchedBy)).toEqual(['EMAIL', 'EMAIL']);
    expect(clusters[0]!.evidence).toEqual([{ kind: 'EMAIL', value: 'wei.zhang@example.com', between: ['ERP:0010000001', 'POS:SQ1'] }]);
  });

  it.each([['+86 138 0013 8000'], ['13800138000'], ['138-0013-8000'], ['0086 138 0013 8000'], ['+8613800138000']])(
    'joins phone written as %s',
    (phone) => {
      const clusters = clusterRecords([rec('ERP', '0010000001', { phones: ['+8613800138000'] }), rec('POS', 'SQ1', { phones: [phone] })]);
      expect(clusters).toHaveLength(1);
      expect(clusters[0]!.evidence[0]).toMatchObject({ kind: 'PHONE', value: '+8613800138000' });
    },
  );

  it('joins a till record by member card alone, with swapped names and a typo', () => {
    const clusters = clusterRecords([
      rec('ERP', '0010000001', { cardNumbers: ['8800123456789012'], emails: ['a@example.com'] }),
      rec('POS', 'SQ9', { firstName: 'Zhagn', lastName: 'Wei', cardNumbers: ['8800 1234 5678 9012'] }),
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.find((m) => m.record.system === 'POS')!.matchedBy).toBe('CARD');
  });

  it('joins transitively across three systems and anchors on the ERP record', () => {
    const clusters = clusterRecords([
      rec('MARKETPLACE', 'li.na@example.cn', { emails: ['LI.NA@example.cn'] }),
      rec('POS', 'SQ2', { emails: ['li.na@example.cn'], phones: ['13912345678'] }),
      rec('ERP', '0010000002', { phones: ['+86 139 1234 5678'] }),
    ]);
    expect(clusters).toHaveLength(1);
    expect(recordKey(clusters[0]!.anchor)).toBe('ERP:0010000002');
    expect(keysOf(clusters[0]!)).toEqual(['ERP:0010000002', 'MARKETPLACE:li.na@example.cn', 'POS:SQ2']);
  });

  it('never joins two people who only share a name', () => {
    const clusters = clusterRecords([
      rec('ERP', '0010000003', { emails: ['wang.fang@example.com'], phones: ['13700000001'] }),
      rec('ERP', '0010000004', { emails: ['fang.wang@example.net'], phones: ['13700000002'] }),
      rec('POS', 'SQ3', { phones: ['13700000002'] }),
    ]);
    expect(clusters.map(keysOf)).toEqual([['ERP:0010000003'], ['ERP:0010000004', 'POS:SQ3']]);
  });

  it('ignores marketplace relay addresses as identity', () => {
    const clusters = clusterRecords([
      rec('MARKETPLACE', 'x1', { emails: ['abc123@marketplace.amazon.cn'] }),
      rec('MARKETPLACE', 'x2', { emails: ['abc123@marketplace.amazon.cn'] }),
    ]);
    expect(clusters).toHaveLength(2);
  });

  it('honours manual links and unlinks', () => {
    const a = rec('ERP', '0010000005', { emails: ['shared@example.com'] });
    const b = rec('POS', 'SQ5', { emails: ['shared@example.com'] });
    const c = rec('POS', 'SQ6');
    const split = clusterRecords([a, b], { links: [], unlinks: [['ERP:0010000005', 'POS:SQ5']] });
    expect(split).toHaveLength(2);
    const joined = clusterRecords([a, c], { links: [['ERP:0010000005', 'POS:SQ6']], unlinks: [] });
    expect(joined).toHaveLength(1);
    expect(joined[0]!.members.find((m) => m.record.externalId === 'SQ6')!.matchedBy).toBe('MANUAL');
  });
});
