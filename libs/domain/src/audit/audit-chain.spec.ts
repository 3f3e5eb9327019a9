import { createHash } from 'node:crypto';
import { canonicalJson, chainInput, diffFields, findChainBreak, GENESIS_HASH, type StoredAuditEvent } from './audit-chain';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function chain(n: number): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const event = {
      organisationId: 'org-1',
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, seq)).toISOString(),
      actorUserId: 'u-1',
      actorLabel: 'cso@example.org',
      action: 'hazard.updated',
      entityType: 'hazard',
      entityId: `h-${seq}`,
      changes: { status: { before: 'open', after: 'closed' } },
      requestId: `r-${seq}`,
      ip: '127.0.0.1',
    };
    const hash = sha256(chainInput(prev, event));
    events.push({ ...event, id: `e-${seq}`, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":2,"f":1}]},"b":1}');
  });
});

describe('findChainBreak', () => {
  it('accepts an intact chain', () => {
    expect(findChainBreak(chain(5), sha256)).toBeNull();
  });

  it('finds edited content at the edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], actorLabel: 'someone-else@example.org' };
    expect(findChainBreak(events, sha256)).toEqual({ seq: 3, id: 'e-3', reason: 'content does not match its hash' });
  });

  it('finds a rewritten event whose hash was recomputed, at the next link', () => {
    const events = chain(5);
    const forged = { ...events[1], changes: null };
    const { id: _i, prevHash, hash: _h, ...body } = forged;
    events[1] = { ...forged, hash: sha256(chainInput(prevHash, body)) };
    expect(findChainBreak(events, sha256)).toEqual({ seq: 3, id: 'e-3', reason: 'does not link to the previous event' });
  });

  it('finds a deleted event as a gap in the sequence', () => {
    const events = chain(5);
    events.splice(3, 1);
    expect(findChainBreak(events, sha256)).toEqual({ seq: 5, id: 'e-5', reason: 'expected event #4, found #5' });
  });
});

describe('diffFields', () => {
  it('records only changed fields with before and after', () => {
    expect(diffFields({ role: 'auditor', name: 'A' }, { role: 'org_admin', name: 'A' })).toEqual({ role: { before: 'auditor', after: 'org_admin' } });
    expect(diffFields({ a: 1 }, { a: 1 })).toBeNull();
  });

  it('marks created and removed records and redacts secrets', () => {
    expect(diffFields(null, { name: 'x', passwordHash: 'h' }, ['passwordHash'])).toEqual({
      name: { before: null, after: 'x' },
      passwordHash: { after: '[redacted]' },
    });
  });
});
