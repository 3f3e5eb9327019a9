import type { PlannedReminder } from '@pairline/domain';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { escapeHtml } from '../mail/mailer';
import type { ReminderItem } from './reminder-sources';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Record<string, string>;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDate = (date: string) => LONG_DATE.format(new Date(`${date}T00:00:00Z`));

function when(reminder: Pick<PlannedReminder, 'phase' | 'offset'>): string {
  if (reminder.phase === 'due') return 'due today';
  if (reminder.phase === 'before') return `due in ${-reminder.offset} working day${reminder.offset === -1 ? '' : 's'}`;
  return `overdue by ${reminder.offset} working day${reminder.offset === 1 ? '' : 's'}`;
}

export interface RenderInput {
  readonly reminder: Pick<PlannedReminder, 'id' | 'phase' | 'offset' | 'dueOn' | 'escalate' | 'mandatory'>;
  readonly item: ReminderItem;
  readonly kindLabel: string;
  readonly recipientName: string;
  /** Why this person gets it: the owner, or escalation to the journey owner or an executive. */
  readonly asOwner: boolean;
  readonly organisationName: string;
  readonly publicUrl: string;
  /** Present for reminders one may unsubscribe from. */
  readonly unsubscribeUrl: string | null;
}

/** A reminder email: plain text and HTML saying what is due, when, for which product and journey, with a link to it. */
export function renderReminderEmail(input: RenderInput): RenderedEmail {
  const { reminder, item } = input;
  const status = when(reminder);
  const link = `${input.publicUrl}${item.path}`;
  const prefix = reminder.phase === 'overdue' ? (reminder.escalate ? 'Escalation: overdue' : 'Overdue') : reminder.phase === 'due' ? 'Due today' : 'Reminder';
  const subject = `${prefix}: ${item.title.replace(/ is (planned to finish|due)$/, '')} (${item.productName}, ${status})`;
  const why = input.asOwner ? 'You own this item.' : `This is overdue by more than the escalation threshold, so it is shown to the journey owner and the executives of ${input.organisationName}.`;
  const lines = [
    `Hello ${input.recipientName},`,
    '',
    `${item.title} on ${longDate(item.dueOn)}: ${status}.`,
    '',
    `Product: ${item.productName}`,
    `Journey: ${item.journeyName}`,
    `Due: ${longDate(item.dueOn)}`,
    '',
    `Open it: ${link}`,
    '',
    why,
    ...(input.unsubscribeUrl ? ['', `Stop these reminders (${input.kindLabel}): ${input.unsubscribeUrl}`] : []),
  ];
  const e = escapeHtml;
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>Hello ${e(input.recipientName)},</p>`,
    `<p><strong>${e(item.title)}</strong> on ${e(longDate(item.dueOn))}: ${e(status)}.</p>`,
    '<table>',
    `<tr><th align="left">Product</th><td>${e(item.productName)}</td></tr>`,
    `<tr><th align="left">Journey</th><td>${e(item.journeyName)}</td></tr>`,
    `<tr><th align="left">Due</th><td>${e(longDate(item.dueOn))}</td></tr>`,
    '</table>',
    `<p><a href="${e(link)}">Open it in Pairline</a></p>`,
    `<p>${e(why)}</p>`,
    ...(input.unsubscribeUrl ? [`<p style="font-size: smaller"><a href="${e(input.unsubscribeUrl)}">Stop these reminders (${e(input.kindLabel)})</a></p>`] : []),
    '</body></html>',
  ].join('\n');
  const headers: Record<string, string> = { 'X-Pairline-Event': reminder.id };
  if (input.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${input.unsubscribeUrl}>`;
    // RFC 8058: mail providers unsubscribe with one POST, no page visit.
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { subject, text: lines.join('\n'), html, headers };
}

export interface DigestInput {
  readonly recipientName: string;
  readonly publicUrl: string;
  readonly weekly: boolean;
  readonly notes: readonly { title: string; path: string; product_name: string | null; journey_name: string | null }[];
}

/** One email with a member's gathered advance reminders, grouped by product and journey. */
export function renderDigestEmail(input: DigestInput): RenderedEmail {
  const groups = new Map<string, DigestInput['notes'][number][]>();
  for (const note of input.notes) {
    const key = `${note.product_name ?? 'Other'} — ${note.journey_name ?? 'no journey'}`;
    groups.set(key, [...(groups.get(key) ?? []), note]);
  }
  const n = input.notes.length;
  const subject = `Your ${input.weekly ? 'weekly' : 'daily'} Pairline digest: ${n} reminder${n === 1 ? '' : 's'}`;
  const text = [`Hello ${input.recipientName},`, '', `${n} reminder${n === 1 ? '' : 's'} since your last digest:`];
  const html = ['<!doctype html><html><body style="font-family: sans-serif">', `<p>Hello ${escapeHtml(input.recipientName)},</p>`, `<p>${n} reminder${n === 1 ? '' : 's'} since your last digest:</p>`];
  for (const [group, notes] of groups) {
    text.push('', group, ...notes.map((note) => `  - ${note.title}: ${input.publicUrl}${note.path}`));
    html.push(`<h3>${escapeHtml(group)}</h3><ul>`, ...notes.map((note) => `<li><a href="${escapeHtml(input.publicUrl + note.path)}">${escapeHtml(note.title)}</a></li>`), '</ul>');
  }
  html.push('</body></html>');
  return { subject, text: text.join('\n'), html: html.join('\n'), headers: { 'X-Pairline-Event': 'digest' } };
}

/** What an unsubscribe link turns off. */
export interface UnsubscribeClaim {
  readonly organisationId: string;
  readonly userId: string;
  readonly kind: string;
}

export function newSigningKey(): string {
  return randomBytes(32).toString('base64url');
}

/** `org.user.kind.signature`: readable before the key is known (to find the organisation's key), valid only with it. */
export function signUnsubscribe(claim: UnsubscribeClaim, key: string): string {
  const body = `${claim.organisationId}.${claim.userId}.${claim.kind}`;
  return `${body}.${createHmac('sha256', key).update(`unsubscribe:${body}`).digest('base64url')}`;
}

export function readUnsubscribe(token: string): (UnsubscribeClaim & { signature: string }) | null {
  const match = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.([a-z0-9_]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { organisationId: match[1], userId: match[2], kind: match[3], signature: match[4] } : null;
}

export function verifyUnsubscribe(claim: UnsubscribeClaim & { signature: string }, key: string): boolean {
  const expected = Buffer.from(signUnsubscribe(claim, key).split('.').pop()!);
  const given = Buffer.from(claim.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
