/** An email in the outbox, as org admins see it (bodies omitted). */
export interface EmailOutboxDto {
  id: string;
  recipientUserId: string | null;
  recipientEmail: string;
  eventId: string;
  subject: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ReminderSettingsDto {
  /** Working days before the due date. */
  offsetsBefore: number[];
  onTheDay: boolean;
  overdueEvery: number;
  overdueRepeats: number;
  escalateAfter: number;
  /** Local Europe/London time of day reminders go out, in minutes after midnight (480 = 08:00). */
  sendMinuteOfDay: number;
  version: number;
}

export interface ReminderPreferencesDto {
  /** Every reminder kind, with whether this member still gets its advance notices. */
  kinds: { kind: string; label: string; enabled: boolean }[];
  /** Advance reminders by email at once, or in a daily (09:00 London) or weekly (Mondays) digest. */
  delivery: 'immediate' | 'daily' | 'weekly';
}

/** An in-app notification (the bell), fed by the same reminder events as the emails. */
export interface NotificationDto {
  id: string;
  eventId: string;
  itemKind: string;
  title: string;
  body: string;
  /** Path in the web app to the item. */
  path: string;
  createdAt: string;
  readAt: string | null;
}
