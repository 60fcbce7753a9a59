import { describe, expect, it } from 'vitest';
import { LinkStore, type IdentityAuditEntry } from '../src/identity/LinkStore.ts';

const entry = (id: string, action: IdentityAuditEntry['action'], at: string): IdentityAuditEntry => ({
  id,
  action,
  record: 'POS:SQ1',
  customerId: 'cus_x',
  reason: 'checked',
  actor: 'agent-7',
  at,
});

describe('LinkStore manual decisions', () => {
  it('persists per record pair, the latest decision winning, visible to another instance on the same store', async () => {
    const store = new Map<unknown, unknown>();
    const a = new LinkStore({ store });
    await a.decide('LINKED', 'POS:SQ1', ['ERP:1'], entry('c1', 'LINK', '2026-11-23T10:00:00Z'));
    const b = new LinkStore({ store });
    expect(await b.manualFor(['ERP:1'])).toEqual({ links: [['ERP:1', 'POS:SQ1']], unlinks: [] });
    await b.decide('UNLINKED', 'POS:SQ1', ['ERP:1', 'MARKETPLACE:x@example.com'], entry('c2', 'UNLINK', '2026-11-23T11:00:00Z'));
    const after = await a.manualFor(['POS:SQ1']);
    expect(after.links).toEqual([]);
    expect(after.unlinks.map((p) => p.join('|')).sort()).toEqual(['ERP:1|POS:SQ1', 'MARKETPLACE:x@example.com|POS:SQ1']);
    // A record no decision touches has none.
    expect(await a.manualFor(['ERP:2'])).toEqual({ links: [], unlinks: [] });
  });

  it('keeps the audit trail under every record involved, newest first', async () => {
    const links = new LinkStore({ store: new Map() });
    await links.decide('LINKED', 'POS:SQ1', ['ERP:1'], entry('c1', 'LINK', '2026-11-23T10:00:00Z'));
    await links.decide('UNLINKED', 'POS:SQ1', ['ERP:1'], entry('c2', 'UNLINK', '2026-11-23T11:00:00Z'));
    expect((await links.auditFor(['ERP:1'])).map((e) => e.id)).toEqual(['c2', 'c1']);
    expect((await links.auditFor(['POS:SQ1', 'ERP:1'])).map((e) => e.action)).toEqual(['UNLINK', 'LINK']);
  });
});
