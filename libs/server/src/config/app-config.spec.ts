import { ConfigError, loadConfig } from './app-config';

const minimal = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pairline' };

describe('loadConfig', () => {
  it('applies documented defaults when only DATABASE_URL is set', () => {
    const config = loadConfig(minimal);
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      bodyLimitBytes: 1_048_576,
      webDistDir: 'dist/web',
    });
    expect(config.database).toEqual({ url: minimal.DATABASE_URL, poolMax: 10, runMigrations: true, appRole: 'pairline_app' });
    expect(config.queue).toBeNull();
    expect(config.workerInProcess).toBe(true);
    expect(config.log).toEqual({ level: 'info', format: 'pretty' });
  });

  it('logs JSON in production unless told otherwise', () => {
    expect(loadConfig({ ...minimal, NODE_ENV: 'production' }).log.format).toBe('json');
    expect(loadConfig({ ...minimal, NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
  });

  it('turns the queue on when REDIS_URL is set', () => {
    const config = loadConfig({ ...minimal, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'x' });
    expect(config.queue).toEqual({ redisUrl: 'redis://127.0.0.1:6379', prefix: 'x' });
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ ...minimal, PORT: '8080', DATABASE_POOL_MAX: '1', WORKER_IN_PROCESS: 'false' });
    expect(config.http.port).toBe(8080);
    expect(config.database.poolMax).toBe(1);
    expect(config.workerInProcess).toBe(false);
  });

  it('names every bad variable and hides connection strings', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:secret@db/x', PORT: 'eighty', WORKER_IN_PROCESS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/PORT="eighty"/);
    expect(message).toMatch(/WORKER_IN_PROCESS="maybe"/);
    expect(message).not.toMatch(/secret/);
  });

  it('reads platform operators as a lower-cased email list, and names a bad entry', () => {
    expect(loadConfig(minimal).platformOperatorEmails).toEqual([]);
    expect(loadConfig({ ...minimal, PLATFORM_OPERATOR_EMAILS: ' Ops@Example.com, ,second@example.org ' }).platformOperatorEmails).toEqual([
      'ops@example.com',
      'second@example.org',
    ]);
    expect(() => loadConfig({ ...minimal, PLATFORM_OPERATOR_EMAILS: 'ops@example.com,not-an-email' })).toThrow(/PLATFORM_OPERATOR_EMAILS/);
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is required/);
  });
});
