import { createHash } from 'node:crypto';
import { chainInput, GENESIS_HASH, type StoredAuditEvent } from './audit-chain';
import { AuditTrailVerifier, checkpointMessage, type AuditCheckpoint } from './checkpoints';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** A stand-in signature: the message's hash under a secret only this test knows. */
const sign = (message: string) => sha256(`secret|${message}`);
const valid = (c: AuditCheckpoint) => c.signature === sign(checkpointMessage(c));

function chain(n: number, from: StoredAuditEvent[] = [], label = 'a'): StoredAuditEvent[] {
  const events = [...from];
  for (let seq = events.length + 1; seq <= n; seq++) {
    const prev = events.at(-1)?.hash ?? GENESIS_HASH;
    const event = { organisationId: 'org-1', seq, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), actorUserId: null, actorLabel: `${label}-${seq}`, action: 'x.done', entityType: 'x', entityId: null, changes: null, requestId: null, ip: null };
    events.push({ ...event, id: `e-${seq}`, prevHash: prev, hash: sha256(chainInput(prev, event)) });
  }
  return events;
}

function checkpoint(events: StoredAuditEvent[], seq: number, id = `c-${seq}`): AuditCheckpoint {
  const unsigned = { id, organisationId: 'org-1', seq, hash: events[seq - 1].hash, signedAt: `2026-01-02T00:00:${String(seq).padStart(2, '0')}.000Z`, keyId: 'k1' };
  return { ...unsigned, signature: sign(checkpointMessage(unsigned)) };
}

function verify(events: StoredAuditEvent[], checkpoints: AuditCheckpoint[], batch = 3) {
  const verifier = new AuditTrailVerifier('org-1', checkpoints, sha256, valid);
  for (let i = 0; i < events.length && !verifier.done; i += batch) verifier.push(events.slice(i, i + batch));
  return verifier.result();
}

describe('audit checkpoints', () => {
  const events = chain(10);
  const checkpoints = [checkpoint(events, 4), checkpoint(events, 10)];

  it('accepts an intact chain and names the newest checkpoint', () => {
    expect(verify(events, checkpoints)).toMatchObject({ ok: true, checked: 10, firstBroken: null, contradictedCheckpoint: null, latestCheckpoint: { id: 'c-10', seq: 10 } });
  });

  it('fails a chain whose newest events were removed, naming the checkpoint that signed them', () => {
    expect(verify(events.slice(0, 7), checkpoints)).toMatchObject({ ok: false, firstBroken: null, contradictedCheckpoint: { checkpointId: 'c-10', seq: 10, reason: expect.stringMatching(/ends at event #7.*removed from the end/) } });
  });

  it('fails a chain rewritten and re-hashed from some event on, though every link holds', () => {
    const rewritten = chain(10, events.slice(0, 2), 'forged');
    expect(verify(rewritten, [checkpoint(events, 4), checkpoint(events, 10)])).toMatchObject({ ok: false, firstBroken: null, contradictedCheckpoint: { checkpointId: 'c-4', reason: expect.stringMatching(/rewritten/) } });
  });

  it('fails a checkpoint whose signature does not verify, or that names another organisation', () => {
    const forged = { ...checkpoints[1], hash: events[8].hash, seq: 9 };
    expect(verify(events, [checkpoints[0], forged]).contradictedCheckpoint).toMatchObject({ checkpointId: 'c-10', reason: expect.stringMatching(/signature/) });
    const elsewhere = { ...checkpoints[0], organisationId: 'org-2' };
    expect(verify(events, [{ ...elsewhere, signature: sign(checkpointMessage(elsewhere)) }]).contradictedCheckpoint?.reason).toMatch(/another organisation/);
  });

  it('still reports a broken link before any checkpoint', () => {
    const edited = events.map((e, i) => (i === 1 ? { ...e, actorLabel: 'someone else' } : e));
    expect(verify(edited, checkpoints)).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, reason: 'content does not match its hash' } });
  });
});
