import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretKeys, type EncryptionKey } from '../config/secret-keys';
import { Db } from '../database/db.service';

const FORMAT = 'v1';

/**
 * TOTP secrets at rest: AES-256-GCM under a key from configuration, stored as
 * `v1:<key id>:<iv>:<ciphertext and tag>` (base64url). The user's id is the additional data, so
 * a ciphertext copied onto another account does not open. Rotation: configure a new key first;
 * at boot every secret under another key (or, from before encryption, in clear) is sealed again
 * under the current one.
 */
@Injectable()
export class TotpSecrets implements OnApplicationBootstrap {
  private readonly logger = new Logger('TotpSecrets');

  constructor(
    private readonly keys: SecretKeys,
    private readonly db: Db,
  ) {}

  private get current(): EncryptionKey {
    return this.keys.totpKeys[0];
  }

  seal(userId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(userId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [FORMAT, this.current.id, iv.toString('base64url'), sealed.toString('base64url')].join(':');
  }

  open(userId: string, stored: string): string {
    const [format, keyId, iv, sealed] = stored.split(':');
    if (format !== FORMAT || !iv || !sealed) throw new Error(`The TOTP secret of user ${userId} is not sealed; restart the server to seal it.`);
    const key = this.keys.totpKeys.find((k) => k.id === keyId);
    if (!key) throw new Error(`The TOTP secret of user ${userId} is sealed with key "${keyId}", which TOTP_ENCRYPTION_KEYS no longer lists.`);
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }

  private reseal(userId: string, stored: string): string {
    return this.seal(userId, stored.startsWith(`${FORMAT}:`) ? this.open(userId, stored) : stored);
  }

  /**
   * Seals every secret that is in clear (stored before encryption) or under an older key. Runs
   * as `pairline_identity`, the role that may update secrets of every account.
   */
  async onApplicationBootstrap(): Promise<void> {
    const resealed = await this.db.transaction(async (manager) => {
      // Not before the identity migration has run (health then reports the pending migrations).
      const [{ ready }] = await manager.query(`SELECT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'app_user_identity_reseal') AS "ready"`);
      if (!ready) return 0;
      await manager.query(`SET LOCAL ROLE pairline_identity`);
      const rows: { id: string; totp_secret: string }[] = await manager.query(
        `SELECT "id", "totp_secret" FROM "app_user" WHERE "totp_secret" IS NOT NULL AND (split_part("totp_secret", ':', 1) <> $1 OR split_part("totp_secret", ':', 2) <> $2) FOR UPDATE`,
        [FORMAT, this.current.id],
      );
      for (const row of rows) await manager.query(`UPDATE "app_user" SET "totp_secret" = $1 WHERE "id" = $2`, [this.reseal(row.id, row.totp_secret), row.id]);
      return rows.length;
    });
    if (resealed > 0) this.logger.log(`Sealed ${resealed} TOTP secret(s) under key "${this.current.id}".`);
  }
}
