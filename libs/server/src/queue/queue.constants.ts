import type { DefaultJobOptions } from 'bullmq';

/**
 * Defaults for every job: BullMQ delivers at least once, so handlers are idempotent and a failure
 * is retried with backoff; finished jobs are trimmed so Redis (which must not evict) stays small.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 5_000 },
};

export const WORKER_HEARTBEAT_KEY = 'worker-heartbeat';
