import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toEmailList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== '')
    : value;

/**
 * Every environment variable the server reads, with its default. This is the only place that
 * reads `process.env`; `.env.example` and the README's configuration table document the same list.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true })
  DATABASE_URL!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  @Transform(toBool)
  @IsBoolean()
  DATABASE_RUN_MIGRATIONS = true;

  @IsString()
  DATABASE_APP_ROLE = 'pairline_app';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'], require_protocol: true })
  REDIS_URL?: string;

  @IsString()
  QUEUE_PREFIX = 'pairline';

  @Transform(toBool)
  @IsBoolean()
  WORKER_IN_PROCESS = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  @IsString()
  WEB_DIST_DIR = 'dist/web';

  @IsString()
  DATA_DIR = '.data';

  /** Optional GOV.UK bank-holidays.json: its years replace the computed England & Wales holidays. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BANK_HOLIDAYS_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 10_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Pairline <no-reply@pairline.invalid>';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_ABSOLUTE_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  INVITATION_TTL_HOURS = 72;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = false;

  /**
   * Comma-separated emails of the platform's operators: the only people who may open the queue
   * dashboard, which shows every organisation's jobs. Empty: nobody may.
   */
  @Transform(toEmailList)
  @IsEmail({}, { each: true })
  PLATFORM_OPERATOR_EMAILS: string[] = [];

  /** How often the worker rebuilds missing reminder jobs from PostgreSQL and re-enqueues unsent email. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  REMINDER_RECONCILE_EVERY_MS = 300_000;

  /** Reminders due within this long get a delayed job in Redis; later ones wait in PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  REMINDER_JOB_HORIZON_MS = 86_400_000;

  /** Sending attempts of one email before it is recorded as failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EMAIL_MAX_ATTEMPTS = 10;

  /** First retry delay after an SMTP failure; each later one doubles. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  EMAIL_RETRY_DELAY_MS = 30_000;

  /**
   * Emails one worker process sends at once. Each holds a database connection while the SMTP
   * server answers (the row stays locked until it is marked sent), so at most half the pool is
   * used for it and firing reminders never waits for a connection behind a slow mail server.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  EMAIL_SEND_CONCURRENCY = 5;

  /** Where evidence files are kept: `local` (a directory) or `s3` (S3-compatible object storage). */
  @IsIn(['local', 's3'])
  EVIDENCE_STORAGE: 'local' | 's3' = 'local';

  /** Directory of local evidence storage; default `$DATA_DIR/evidence`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EVIDENCE_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  S3_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (`endpoint/bucket/key`), which most self-hosted S3-compatible servers need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** clamd to scan evidence with (INSTREAM over TCP); unset: files are stored unscanned and shown so. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLAMAV_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  CLAMAV_PORT = 3310;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  CLAMAV_TIMEOUT_MS = 60_000;

  /** Largest workbook or CSV accepted for import (a SCAL, a hazard log); real SCALs are under 1 MB. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;

  /**
   * Threads that read and write workbooks and PDFs, off the event loop that serves requests.
   * 0: one fewer than the machine's cores (at least one), so requests keep a core of their own.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(32)
  DOCUMENT_WORKER_THREADS = 0;
  /**
   * Keys that encrypt TOTP secrets at rest (AES-256-GCM): `id:base64-of-32-bytes`, comma
   * separated; the first encrypts, every one decrypts, so a new key goes first and the old one
   * stays until every secret has been re-encrypted (at boot). Unset: a key kept in
   * `$DATA_DIR/keys`, generated on first start (fine for one machine; set it for several).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, { message: 'must be id:base64-of-32-bytes[,id:key…]' })
  TOTP_ENCRYPTION_KEYS?: string;

  /**
   * Ed25519 private key (PKCS#8 PEM, or its base64 DER) that signs audit checkpoints. The
   * database never holds it. Unset: a key kept in `$DATA_DIR/keys`, generated on first start.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  /** Earlier checkpoint keys' public keys (PEM or base64 DER, comma separated), still trusted when verifying. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_PREVIOUS_PUBLIC_KEYS?: string;

  /** How often every organisation's audit chain head is signed (when it moved). */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  AUDIT_CHECKPOINT_EVERY_MS = 3_600_000;

  /** Days an API token lives when its creator names none. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  API_TOKEN_DEFAULT_DAYS = 90;
}

/** The validated, typed configuration every module receives through {@link APP_CONFIG}. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly bodyLimitBytes: number;
    readonly webDistDir: string;
  };
  /** GOV.UK bank-holidays.json overriding the computed holidays for the years it lists; null: rules only. */
  readonly bankHolidaysFile: string | null;
  readonly database: {
    readonly url: string;
    readonly poolMax: number;
    readonly runMigrations: boolean;
    /** The role every connection switches to; it owns nothing and cannot bypass RLS. */
    readonly appRole: string;
  };
  /** `null` when no Redis is configured: scheduled work is paused, the API still serves. */
  readonly queue: { readonly redisUrl: string; readonly prefix: string } | null;
  /** Whether this process also consumes BullMQ jobs (the single-machine default). */
  readonly workerInProcess: boolean;
  readonly log: { readonly level: string; readonly format: 'json' | 'pretty' };
  readonly dataDir: string;
  readonly shutdownGraceMs: number;
  /** `null`: no SMTP server; emails are written to the log instead (development only). */
  readonly mail: { readonly smtpUrl: string | null; readonly from: string };
  readonly auth: {
    readonly sessionIdleMs: number;
    readonly sessionAbsoluteMs: number;
    readonly invitationTtlMs: number;
    readonly loginRateLimitPerMinute: number;
    /** Cookies get `Secure` when the public URL is HTTPS. */
    readonly secureCookies: boolean;
  };
  /** Create the demo organisation and one account per role on an empty database. */
  readonly seedDemo: boolean;
  /** Lower-cased emails of the users who may see cross-organisation operations (the queue dashboard). */
  readonly platformOperatorEmails: readonly string[];
  readonly reminders: {
    readonly reconcileEveryMs: number;
    readonly jobHorizonMs: number;
    readonly emailMaxAttempts: number;
    readonly emailRetryDelayMs: number;
    readonly emailSendConcurrency: number;
  };
  readonly evidence: EvidenceConfig;
  readonly documents: {
    readonly importMaxBytes: number;
    readonly workerThreads: number;
  };
  readonly secrets: SecretsConfig;
  readonly audit: { readonly checkpointEveryMs: number };
  readonly apiTokens: { readonly defaultDays: number };
}

export interface SecretsConfig {
  /** null: kept in `dir`, generated on first start. */
  readonly totpKeys: readonly { readonly id: string; readonly key: Buffer }[] | null;
  /** Ed25519 private key, PEM or base64 DER; null: kept in `dir`. */
  readonly auditSigningKey: string | null;
  readonly auditPreviousPublicKeys: readonly string[];
  readonly dir: string;
}

export type EvidenceStorageConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
      readonly kind: 's3';
      readonly endpoint: string | null;
      readonly bucket: string;
      readonly region: string;
      /** null: the SDK's default credential chain (instance role, shared config). */
      readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
      readonly forcePathStyle: boolean;
    };

export interface EvidenceConfig {
  readonly maxBytes: number;
  readonly storage: EvidenceStorageConfig;
  /** null: no scanner; files are stored as `not_scanned`. */
  readonly clamav: { readonly host: string; readonly port: number; readonly timeoutMs: number } | null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, at boot; a bad or missing value throws naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const input = Object.fromEntries(
    [...known, 'DATABASE_URL', 'PUBLIC_URL', 'REDIS_URL', 'LOG_FORMAT', 'SMTP_URL', 'EVIDENCE_DIR', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'CLAMAV_HOST', 'TOTP_ENCRYPTION_KEYS', 'AUDIT_SIGNING_KEY', 'AUDIT_PREVIOUS_PUBLIC_KEYS']
      .filter((key) => env[key] !== undefined)
      .map((key) => [key, env[key]]),
  );
  const vars = plainToInstance(EnvironmentVariables, input);
  const errors = validateSync(vars, { skipMissingProperties: false });
  if (errors.length === 0) errors.push(...evidenceStorageErrors(vars));
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const shown = ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'S3_SECRET_ACCESS_KEY', 'TOTP_ENCRYPTION_KEYS', 'AUDIT_SIGNING_KEY'].includes(e.property) ? '(hidden)' : JSON.stringify(e.value);
        const why = Object.values(e.constraints ?? {}).join('; ');
        return e.value === undefined ? `${e.property} is required (${why})` : `${e.property}=${shown}: ${why}`;
      }),
    );
  }
  const publicUrl = (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, '');
  return {
    env: vars.NODE_ENV,
    http: {
      host: vars.HOST,
      port: vars.PORT,
      publicUrl,
      bodyLimitBytes: vars.HTTP_BODY_LIMIT_BYTES,
      webDistDir: vars.WEB_DIST_DIR,
    },
    bankHolidaysFile: vars.BANK_HOLIDAYS_FILE ?? null,
    database: {
      url: vars.DATABASE_URL,
      poolMax: vars.DATABASE_POOL_MAX,
      runMigrations: vars.DATABASE_RUN_MIGRATIONS,
      appRole: vars.DATABASE_APP_ROLE,
    },
    queue: vars.REDIS_URL ? { redisUrl: vars.REDIS_URL, prefix: vars.QUEUE_PREFIX } : null,
    workerInProcess: vars.WORKER_IN_PROCESS,
    log: {
      level: vars.LOG_LEVEL,
      format: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'production' ? 'json' : 'pretty'),
    },
    dataDir: vars.DATA_DIR,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS,
    mail: { smtpUrl: vars.SMTP_URL ?? null, from: vars.MAIL_FROM },
    auth: {
      sessionIdleMs: vars.SESSION_IDLE_MINUTES * 60_000,
      sessionAbsoluteMs: vars.SESSION_ABSOLUTE_HOURS * 3_600_000,
      invitationTtlMs: vars.INVITATION_TTL_HOURS * 3_600_000,
      loginRateLimitPerMinute: vars.LOGIN_RATE_LIMIT_PER_MINUTE,
      secureCookies: publicUrl.startsWith('https://'),
    },
    seedDemo: vars.SEED_DEMO,
    platformOperatorEmails: vars.PLATFORM_OPERATOR_EMAILS,
    reminders: {
      reconcileEveryMs: vars.REMINDER_RECONCILE_EVERY_MS,
      jobHorizonMs: vars.REMINDER_JOB_HORIZON_MS,
      emailMaxAttempts: vars.EMAIL_MAX_ATTEMPTS,
      emailRetryDelayMs: vars.EMAIL_RETRY_DELAY_MS,
      emailSendConcurrency: Math.min(vars.EMAIL_SEND_CONCURRENCY, Math.max(1, Math.floor(vars.DATABASE_POOL_MAX / 2))),
    },
    evidence: {
      maxBytes: vars.EVIDENCE_MAX_BYTES,
      storage:
        vars.EVIDENCE_STORAGE === 's3'
          ? {
              kind: 's3',
              endpoint: vars.S3_ENDPOINT ?? null,
              bucket: vars.S3_BUCKET!,
              region: vars.S3_REGION,
              credentials: vars.S3_ACCESS_KEY_ID ? { accessKeyId: vars.S3_ACCESS_KEY_ID, secretAccessKey: vars.S3_SECRET_ACCESS_KEY! } : null,
              forcePathStyle: vars.S3_FORCE_PATH_STYLE,
            }
          : { kind: 'local', dir: vars.EVIDENCE_DIR ?? join(vars.DATA_DIR, 'evidence') },
      clamav: vars.CLAMAV_HOST ? { host: vars.CLAMAV_HOST, port: vars.CLAMAV_PORT, timeoutMs: vars.CLAMAV_TIMEOUT_MS } : null,
    },
    documents: {
      importMaxBytes: vars.IMPORT_FILE_MAX_BYTES,
      workerThreads: vars.DOCUMENT_WORKER_THREADS || Math.max(1, availableParallelism() - 1),
    },
    secrets: {
      totpKeys: vars.TOTP_ENCRYPTION_KEYS
        ? vars.TOTP_ENCRYPTION_KEYS.split(',').map((entry) => {
            const [id, key] = entry.split(':');
            return { id, key: Buffer.from(key, 'base64') };
          })
        : null,
      auditSigningKey: vars.AUDIT_SIGNING_KEY ?? null,
      auditPreviousPublicKeys: vars.AUDIT_PREVIOUS_PUBLIC_KEYS ? vars.AUDIT_PREVIOUS_PUBLIC_KEYS.split(',').map((k) => k.trim()).filter(Boolean) : [],
      dir: join(vars.DATA_DIR, 'keys'),
    },
    audit: { checkpointEveryMs: vars.AUDIT_CHECKPOINT_EVERY_MS },
    apiTokens: { defaultDays: vars.API_TOKEN_DEFAULT_DAYS },
  };
}

/** Settings that only make sense together: S3 needs a bucket, and a key id needs its secret. */
function evidenceStorageErrors(vars: EnvironmentVariables): ValidationError[] {
  const problem = (property: string, value: unknown, message: string) => Object.assign(new ValidationError(), { property, value, constraints: { together: message } });
  const problems: ValidationError[] = [];
  if (vars.EVIDENCE_STORAGE === 's3' && !vars.S3_BUCKET) problems.push(problem('S3_BUCKET', undefined, 'needed when EVIDENCE_STORAGE=s3'));
  if (!!vars.S3_ACCESS_KEY_ID !== !!vars.S3_SECRET_ACCESS_KEY) {
    problems.push(problem(vars.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', undefined, 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together'));
  }
  return problems;
}
