/** Test-only helpers for reminder tests: a movable clock and promoting delayed jobs as it passes them. */
import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@pairline/contracts';
import type { Queue } from 'bullmq';
import { Clock } from '../calendar/calendar.module';
import { ownerQuery, type TestApp } from './test-app';

/**
 * Makes the app's clock read `at` now and keep running at the real rate: planning, delays and
 * reconciliation all take their time from it. Returns a function that moves it again.
 */
export function movableClock(app: TestApp): (at: string | Date) => void {
  const clock = app.app.get(Clock, { strict: false });
  let offset = 0;
  jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + offset));
  return (at) => {
    offset = new Date(at).getTime() - Date.now();
  };
}

export function queueOf(app: TestApp, name: QueueName): Queue {
  return app.app.get<Queue>(getQueueToken(name), { strict: false });
}

/**
 * What the passage of time does to delayed jobs: every pending reminder whose send time the clock
 * has reached has its delayed job moved to waiting. Returns the ids promoted.
 */
export async function promoteDue(app: TestApp, organisationId: string, now: Date): Promise<string[]> {
  const rows = await ownerQuery<{ id: string }>(app, `SELECT id FROM planned_reminders WHERE organisation_id = $1 AND state = 'pending' AND send_at <= $2 ORDER BY send_at`, [organisationId, now]);
  const queue = queueOf(app, QueueName.Reminders);
  const promoted: string[] = [];
  for (const { id } of rows) {
    const job = await queue.getJob(id);
    if (job && (await job.isDelayed())) {
      await job.promote();
      promoted.push(id);
    }
  }
  return promoted;
}

export async function waitFor<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A header of a received message, unfolded, with RFC 2047 encoded words decoded; undefined when absent. */
export function mailHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) return undefined;
  const word = /=\?utf-8\?([QB])\?([^?]*)\?=/gi;
  // Adjacent encoded words form one byte sequence (a character may be split between two).
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/(=\?utf-8\?[QB]\?[^?]*\?=)(\s*=\?utf-8\?[QB]\?[^?]*\?=)*/gi, (run) => {
      const bytes: Buffer[] = [];
      for (const [, encoding, text] of run.matchAll(word)) {
        bytes.push(
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'),
        );
      }
      return Buffer.concat(bytes).toString('utf8');
    });
}
