import { Injectable, Logger } from '@nestjs/common';
import { AuditTrailVerifier, checkpointMessage, DomainError, type AuditCheckpoint, type AuditTrailExport, type AuditVerification } from '@pairline/domain';
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { sha256Hex } from '../auth/secrets';
import { SecretKeys } from '../config/secret-keys';
import { Db } from '../database/db.service';
import { allOrganisationIds } from '../database/sweep';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';

/** A public key's id: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export const toCheckpoint = (row: AuditCheckpointEntity): AuditCheckpoint => ({
  id: row.id,
  organisationId: row.organisationId,
  seq: Number(row.seq),
  hash: row.hash,
  signedAt: row.signedAt.toISOString(),
  keyId: row.keyId,
  signature: row.signature,
});

/** Whether one of `publicKeys` (the one its key id names) signed the checkpoint. */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKeys: readonly KeyObject[]): boolean {
  const key = publicKeys.find((k) => auditKeyId(k) === checkpoint.keyId);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(checkpointMessage(checkpoint)), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Verifies an exported trail with nothing but the public keys: what an auditor runs offline. */
export function verifyTrailExport(trail: AuditTrailExport, publicKeys: readonly KeyObject[]): AuditVerification {
  if (trail.format !== 'pairline-audit-trail-v1') throw new Error(`Not a Pairline audit trail export (format ${JSON.stringify(trail.format)}).`);
  const verifier = new AuditTrailVerifier(trail.organisationId, trail.checkpoints, sha256Hex, (c) => checkpointSignatureValid(c, publicKeys));
  verifier.push(trail.events.map((e) => ({ ...e, seq: Number(e.seq) })));
  return verifier.result();
}

/**
 * Signed checkpoints of each organisation's chain head: on demand, and for every organisation whose
 * head moved since its last one, on a schedule (the audit queue). Signed with `AUDIT_SIGNING_KEY`,
 * which the database never sees, so whoever can write the database can cut or rewrite the chain
 * but cannot sign a checkpoint for the result.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly logger = new Logger('AuditCheckpoints');

  constructor(
    private readonly db: Db,
    private readonly keys: SecretKeys,
  ) {}

  get publicKeys(): readonly KeyObject[] {
    return this.keys.auditPublicKeys;
  }

  publicKeyPem(): string {
    return this.keys.auditPublicKeys[0].export({ format: 'pem', type: 'spki' }).toString();
  }

  signatureValid(checkpoint: AuditCheckpoint): boolean {
    return checkpointSignatureValid(checkpoint, this.keys.auditPublicKeys);
  }

  async list(manager: EntityManager, organisationId: string): Promise<AuditCheckpoint[]> {
    const rows = await manager.getRepository(AuditCheckpointEntity).find({ where: { organisationId }, order: { seq: 'ASC' } });
    return rows.map(toCheckpoint);
  }

  /**
   * Signs the organisation's current head, or answers the checkpoint that signed it already;
   * `null` for an empty trail. A head behind or beside the last checkpoint (events removed, or
   * rewritten) is never signed: that would bless the damage.
   */
  async checkpoint(organisationId: string, trigger: 'scheduled' | 'on_demand', createdBy: string | null): Promise<{ checkpoint: AuditCheckpoint; created: boolean } | null> {
    return this.db.transaction(async (manager) => {
      const [head]: { seq: string; hash: string }[] = await manager.query(`SELECT "seq", "hash" FROM "audit_event" WHERE "organisation_id" = $1 ORDER BY "seq" DESC LIMIT 1`, [organisationId]);
      if (!head) return null;
      const latest = await manager.getRepository(AuditCheckpointEntity).findOne({ where: { organisationId }, order: { seq: 'DESC' } });
      if (latest && (Number(latest.seq) > Number(head.seq) || (latest.seq === head.seq && latest.hash !== head.hash))) {
        throw new DomainError('conflict', 'audit_chain_contradicts_checkpoint', `The audit trail ends at event #${head.seq} but checkpoint ${latest.id} signed event #${latest.seq} with another hash: run verify; nothing was signed.`, { checkpointId: latest.id });
      }
      if (latest && latest.seq === head.seq) return { checkpoint: toCheckpoint(latest), created: false };
      const unsigned = { organisationId, seq: Number(head.seq), hash: head.hash, signedAt: new Date().toISOString() };
      const signature = sign(null, Buffer.from(checkpointMessage(unsigned)), this.keys.auditSigningKey).toString('base64');
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO "audit_checkpoint" ("organisation_id", "seq", "hash", "signed_at", "key_id", "signature", "trigger", "created_by") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ("organisation_id", "seq") DO NOTHING RETURNING "id"`,
        [organisationId, unsigned.seq, unsigned.hash, unsigned.signedAt, auditKeyId(this.keys.auditPublicKeys[0]), signature, trigger, createdBy],
      );
      // Another process signed the same head a moment ago: theirs stands.
      const row = await manager.getRepository(AuditCheckpointEntity).findOneByOrFail({ organisationId, seq: String(unsigned.seq) });
      return { checkpoint: toCheckpoint(row), created: inserted.length === 1 };
    }, { organisationId });
  }

  /** Every organisation whose head moved since its last checkpoint; one tenant transaction each. */
  async checkpointAll(): Promise<number> {
    let signed = 0;
    for (const organisationId of await allOrganisationIds(this.db)) {
      try {
        if ((await this.checkpoint(organisationId, 'scheduled', null))?.created) signed++;
      } catch (error) {
        // One damaged trail must not stop the others being anchored; verify names the damage.
        this.logger.error(`Organisation ${organisationId}: ${(error as Error).message}`);
      }
    }
    if (signed) this.logger.log(`Signed ${signed} audit checkpoint(s).`);
    return signed;
  }
}
