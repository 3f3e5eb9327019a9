import { randomBytes } from 'node:crypto';
import type { SecretKeys } from '../config/secret-keys';
import type { Db } from '../database/db.service';
import { TotpSecrets } from './totp-secrets';

const keys = (...ids: string[]) => ({ totpKeys: ids.map((id) => ({ id, key: randomBytes(32) })) }) as unknown as SecretKeys;

describe('TOTP secrets at rest', () => {
  const box = new TotpSecrets(keys('k1'), {} as Db);

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const sealed = box.seal('user-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1:k1:/);
    expect(box.open('user-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('user-1', 'JBSWY3DPEHPK3PXP')).not.toBe(sealed);
  });

  it('refuses a secret moved to another account, altered, in clear, or under a key no longer configured', () => {
    const sealed = box.seal('user-1', 'JBSWY3DPEHPK3PXP');
    expect(() => box.open('user-2', sealed)).toThrow();
    const [v, k, iv, body] = sealed.split(':');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open('user-1', [v, k, iv, flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => box.open('user-1', 'JBSWY3DPEHPK3PXP')).toThrow(/not sealed/);
    expect(() => new TotpSecrets(keys('k2'), {} as Db).open('user-1', sealed)).toThrow(/key "k1"/);
  });
});
