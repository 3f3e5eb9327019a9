import { getQueueToken } from '@nestjs/bullmq';
import { AuditJob, QueueName } from '@pairline/contracts';
import { chainInput, checkpointMessage, type AuditTrailExport, type StoredAuditEvent } from '@pairline/domain';
import type { Queue } from 'bullmq';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../auth/secrets';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { AuditCheckpoints, verifyTrailExport } from './audit-checkpoints';

/** As the database owner with the append-only trigger off: what an attacker holding the owner's password could do. */
async function tamper(app: TestApp, sql: string, params: unknown[] = []): Promise<void> {
  await ownerQuery(app, `ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
  try {
    await ownerQuery(app, sql, params);
  } finally {
    await ownerQuery(app, `ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
  }
}

describe('signed audit checkpoints', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  let dir: string;

  beforeAll(async () => {
    app = await startTestApp();
    dir = await mkdtemp(join(tmpdir(), 'pairline-audit-'));
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
    for (const name of ['One', 'Two', 'Three']) {
      await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name, useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
    }
  });

  const verifyNow = async () => (await app.inject({ method: 'GET', url: '/api/audit-events/verify', headers: { cookie: admin.cookie } })).json();
  const checkpoint = async () => {
    const response = await app.inject({ method: 'POST', url: '/api/audit-events/checkpoints', headers: admin.headers });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const head = async () => Number((await ownerQuery<{ seq: string }>(app, 'SELECT max(seq) AS seq FROM audit_event WHERE organisation_id = $1', [org.id]))[0].seq);

  it('signs the head on demand with a key the database does not hold, and verify holds the chain against it', async () => {
    const signed = await checkpoint();
    expect(signed).toMatchObject({ organisationId: org.id, seq: await head() });
    const pem = (await app.inject({ method: 'GET', url: '/api/audit-events/checkpoints/public-key', headers: { cookie: admin.cookie } })).body;
    expect(verify(null, Buffer.from(checkpointMessage(signed)), createPublicKey(pem), Buffer.from(signed.signature, 'base64'))).toBe(true);
    // Signing an unchanged head again answers the same checkpoint.
    expect((await checkpoint()).id).toBe(signed.id);
    expect(await verifyNow()).toMatchObject({ ok: true, firstBroken: null, contradictedCheckpoint: null, latestCheckpoint: { id: signed.id, seq: signed.seq } });
    // Append-only for everyone, like the trail.
    await expect(ownerQuery(app, 'DELETE FROM audit_checkpoint WHERE id = $1', [signed.id])).rejects.toThrow(/append-only/);
  });

  it('fails when the newest events are deleted, naming the checkpoint the chain contradicts', async () => {
    const signed = await checkpoint();
    await tamper(app, 'DELETE FROM audit_event WHERE organisation_id = $1 AND seq > $2', [org.id, signed.seq - 2]);
    const result = await verifyNow();
    expect(result).toMatchObject({ ok: false, firstBroken: null, contradictedCheckpoint: { checkpointId: signed.id, seq: signed.seq, reason: expect.stringMatching(/removed from the end/) } });
  });

  it('fails when the chain is rewritten with every later hash recomputed, though each link holds', async () => {
    const signed = await checkpoint();
    const events = await ownerQuery<Record<string, unknown>>(app, 'SELECT * FROM audit_event WHERE organisation_id = $1 ORDER BY seq', [org.id]);
    let prev = events[0].hash as string;
    for (const row of events.slice(1)) {
      const event = {
        organisationId: org.id,
        seq: Number(row.seq),
        occurredAt: (row.occurred_at as Date).toISOString(),
        actorUserId: row.actor_user_id as string | null,
        actorLabel: 'someone-else@example.org',
        action: row.action as string,
        entityType: row.entity_type as string,
        entityId: row.entity_id as string | null,
        changes: row.changes as StoredAuditEvent['changes'],
        requestId: row.request_id as string | null,
        ip: row.ip as string | null,
      };
      const hash = sha256Hex(chainInput(prev, event));
      await tamper(app, 'UPDATE audit_event SET actor_label = $1, prev_hash = $2, hash = $3 WHERE id = $4', [event.actorLabel, prev, hash, row.id]);
      prev = hash;
    }
    const result = await verifyNow();
    expect(result.firstBroken).toBeNull();
    expect(result).toMatchObject({ ok: false, contradictedCheckpoint: { checkpointId: signed.id, reason: expect.stringMatching(/rewritten/) } });
  });

  it('refuses a checkpoint forged by whoever can write the database', async () => {
    const signed = await checkpoint();
    await ownerQuery(app, `INSERT INTO audit_checkpoint (organisation_id, seq, hash, signed_at, key_id, signature, trigger) VALUES ($1, $2, $3, now(), $4, $5, 'on_demand')`, [org.id, signed.seq + 100, 'f'.repeat(64), signed.keyId, signed.signature]);
    expect((await verifyNow()).contradictedCheckpoint).toMatchObject({ seq: signed.seq + 100, reason: expect.stringMatching(/signature/) });
  });

  it('exports the trail with its checkpoints for offline verification with the public key, by the CLI too', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/audit-events/export.json', headers: { cookie: admin.cookie } });
    expect(response.statusCode).toBe(200);
    const trail: AuditTrailExport = response.json();
    // The export is itself audited, and the head it ends on, its own event included, is signed.
    expect(trail.events.at(-1)).toMatchObject({ action: 'audit.exported', seq: trail.checkpoints.at(-1)!.seq });
    const publicKey = createPublicKey(app.app.get(AuditCheckpoints).publicKeyPem());
    expect(verifyTrailExport(trail, [publicKey])).toMatchObject({ ok: true, checked: trail.events.length });
    const cut = { ...trail, events: trail.events.slice(0, -1) };
    expect(verifyTrailExport(cut, [publicKey])).toMatchObject({ ok: false, contradictedCheckpoint: { checkpointId: trail.checkpoints.at(-1)!.id } });

    const keyFile = join(dir, 'key.pem');
    await writeFile(keyFile, app.app.get(AuditCheckpoints).publicKeyPem());
    const cli = (file: string) => spawnSync(process.execPath, ['scripts/run-ts.mjs', 'apps/api/src/cli.ts', 'verify-audit-export', '--file', file, '--public-key', keyFile], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    await writeFile(join(dir, 'trail.json'), JSON.stringify(trail));
    await writeFile(join(dir, 'cut.json'), JSON.stringify(cut));
    const good = cli(join(dir, 'trail.json'));
    expect({ status: good.status, ok: JSON.parse(good.stdout).ok }).toEqual({ status: 0, ok: true });
    const bad = cli(join(dir, 'cut.json'));
    expect({ status: bad.status, ok: JSON.parse(bad.stdout).ok }).toEqual({ status: 1, ok: false });
  }, 60_000);

  it('carries the checkpoints in the CSV export, after the events', async () => {
    const signed = await checkpoint();
    const csv = (await app.inject({ method: 'GET', url: '/api/audit-events/export.csv', headers: { cookie: admin.cookie } })).body;
    const [, checkpoints] = csv.split('\r\n\r\n');
    expect(checkpoints.split('\r\n')[0]).toBe('checkpoint seq,checkpoint signedAt,checkpoint hash,checkpoint keyId,checkpoint signature,checkpoint id');
    expect(checkpoints).toContain(signed.signature);
  });

  it('signs every organisation whose head moved, on a schedule, once per head', async () => {
    const checkpoints = app.app.get(AuditCheckpoints);
    expect(await checkpoints.checkpointAll()).toBeGreaterThan(0);
    expect(await checkpoints.checkpointAll()).toBe(0);
    await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name: 'Four', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
    expect(await checkpoints.checkpointAll()).toBe(1);
    const rows = await ownerQuery<{ seq: string; trigger: string }>(app, 'SELECT seq, trigger FROM audit_checkpoint WHERE organisation_id = $1 ORDER BY seq', [org.id]);
    expect(rows.at(-1)).toEqual({ seq: String(await head()), trigger: 'scheduled' });
    const queue = app.app.get<Queue>(getQueueToken(QueueName.Audit));
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain(AuditJob.CheckpointAll);
  });
});
