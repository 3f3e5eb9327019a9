/**
 * Queue and job names, declared once so producers, processors, metrics and the queue dashboard
 * agree. Payloads carry ids only: BullMQ stores them in clear text in Redis.
 */
export const QueueName = {
  System: 'system',
  /** One delayed job per planned reminder; job id = the reminder's stable id. */
  Reminders: 'reminders',
  /** One job per outbox row; job id = the outbox row's id. */
  Email: 'email',
  /** Monthly executive reports; one job per organisation and month (job id says which). */
  Reports: 'reports',
  /** Signed checkpoints of every organisation's audit chain head. */
  Audit: 'audit',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

export const SystemJob = {
  /** Proves a worker is consuming jobs; /api/health reads the time it last ran. */
  Heartbeat: 'heartbeat',
} as const;
export type SystemJob = (typeof SystemJob)[keyof typeof SystemJob];

/** How often the worker heartbeat runs and how stale it may get before health turns red. */
export const WORKER_HEARTBEAT_EVERY_MS = 30_000;
export const WORKER_HEARTBEAT_STALE_AFTER_MS = 3 * WORKER_HEARTBEAT_EVERY_MS;

export const ReminderJob = {
  /** A planned reminder is due: decide and write its emails. */
  Fire: 'fire',
  /** Rebuild missing jobs from PostgreSQL and re-enqueue unsent email. */
  Reconcile: 'reconcile',
  /** Re-plan every organisation's dated items (a safety net for changes no hook saw). */
  ReplanAll: 'replan-all',
  /** Daily (and on Mondays weekly) digest emails for members who chose them. */
  Digest: 'digest',
} as const;
export type ReminderJob = (typeof ReminderJob)[keyof typeof ReminderJob];

export const EmailJob = {
  Send: 'send',
} as const;
export type EmailJob = (typeof EmailJob)[keyof typeof EmailJob];

export const ReportJob = {
  /** First of the month: one Generate job per organisation. */
  Monthly: 'monthly',
  /** One organisation's report for one month, emailed to its executives. */
  Generate: 'generate',
  /** Nightly: store every open journey's outlook, so forecast history has a point for every day. */
  DailySnapshots: 'daily-snapshots',
} as const;
export type ReportJob = (typeof ReportJob)[keyof typeof ReportJob];

export const AuditJob = {
  /** Sign the head of every organisation's audit chain that moved since its last checkpoint. */
  CheckpointAll: 'checkpoint-all',
} as const;
export type AuditJob = (typeof AuditJob)[keyof typeof AuditJob];
