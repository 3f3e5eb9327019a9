import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from './app-config';

export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/** A key as PEM or as the base64 of its DER. */
export function privateKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  return trimmed.startsWith('-----') ? createPrivateKey(trimmed) : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  return trimmed.startsWith('-----') ? createPublicKey(trimmed) : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

/**
 * The keys the server holds and the database never does: TOTP encryption keys and the audit
 * checkpoint signing key. From configuration when set; otherwise read from (or, on first start,
 * generated into) `$DATA_DIR/keys`, readable by the owner only, which suits one machine. Several
 * instances must share configured keys.
 */
@Injectable()
export class SecretKeys {
  private readonly logger = new Logger('Keys');
  readonly totpKeys: readonly EncryptionKey[];
  readonly auditSigningKey: KeyObject;
  /** Every public key a checkpoint may be signed with: the current one first. */
  readonly auditPublicKeys: readonly KeyObject[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { secrets } = config;
    this.totpKeys = secrets.totpKeys ?? [{ id: 'local1', key: Buffer.from(this.local(secrets.dir, 'totp-encryption.key', () => randomBytes(32).toString('base64')), 'base64') }];
    if (this.totpKeys.some((k) => k.key.length !== 32)) throw new Error('TOTP_ENCRYPTION_KEYS: every key must be 32 bytes (base64).');
    this.auditSigningKey = privateKeyFrom(
      secrets.auditSigningKey ?? this.local(secrets.dir, 'audit-signing.pem', () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    );
    if (this.auditSigningKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key.');
    this.auditPublicKeys = [createPublicKey(this.auditSigningKey), ...secrets.auditPreviousPublicKeys.map(publicKeyFrom)];
  }

  private local(dir: string, name: string, generate: () => string): string {
    const path = join(dir, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, generate(), { mode: 0o600, flag: 'wx' });
      this.logger.warn(`Generated ${path}: keep it with the data, and configure it for more than one instance.`);
    } catch (error) {
      // Another process of this machine made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readFileSync(path, 'utf8');
  }
}
