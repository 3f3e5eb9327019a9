import { ConfigError, loadConfig } from '../config/app-config';

const minimal = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pairline' };

describe('evidence configuration', () => {
  it('keeps files on the local disk under the data directory, 50 MB each, unscanned, by default', () => {
    expect(loadConfig({ ...minimal, DATA_DIR: '/srv/pairline' }).evidence).toEqual({ maxBytes: 52_428_800, storage: { kind: 'local', dir: '/srv/pairline/evidence' }, clamav: null });
  });

  it('selects S3-compatible storage and clamd by configuration', () => {
    const config = loadConfig({
      ...minimal,
      EVIDENCE_STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'evidence',
      S3_REGION: 'eu-west-2',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      EVIDENCE_MAX_BYTES: '1000',
      CLAMAV_HOST: 'clamd',
    });
    expect(config.evidence).toEqual({
      maxBytes: 1000,
      storage: { kind: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'evidence', region: 'eu-west-2', credentials: { accessKeyId: 'id', secretAccessKey: 'secret' }, forcePathStyle: true },
      clamav: { host: 'clamd', port: 3310, timeoutMs: 60_000 },
    });
  });

  it('stops the boot naming what is missing or wrong, without printing the secret', () => {
    expect(() => loadConfig({ ...minimal, EVIDENCE_STORAGE: 's3' })).toThrow(/S3_BUCKET is required \(needed when EVIDENCE_STORAGE=s3\)/);
    expect(() => loadConfig({ ...minimal, EVIDENCE_STORAGE: 'ftp' })).toThrow(/EVIDENCE_STORAGE="ftp"/);
    expect(() => loadConfig({ ...minimal, EVIDENCE_MAX_BYTES: '0' })).toThrow(ConfigError);
    let message = '';
    try {
      loadConfig({ ...minimal, S3_SECRET_ACCESS_KEY: 'hunter2-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/S3_ACCESS_KEY_ID is required/);
    expect(message).not.toContain('hunter2');
  });
});
