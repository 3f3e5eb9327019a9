import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JourneyEntity } from '../journeys/journey.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/** An organisation's reminder offsets and send time; missing means the defaults. */
@Entity({ name: 'reminder_settings' })
export class ReminderSettingsEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'offsets_before', type: 'integer', array: true, default: () => `'{30,7,1}'` })
  offsetsBefore!: number[];

  @Column({ name: 'on_the_day', type: 'boolean', default: true })
  onTheDay!: boolean;

  @Column({ name: 'overdue_every', type: 'integer', default: 2 })
  overdueEvery!: number;

  @Column({ name: 'overdue_repeats', type: 'integer', default: 10 })
  overdueRepeats!: number;

  @Column({ name: 'escalate_after', type: 'integer', default: 5 })
  escalateAfter!: number;

  @Column({ name: 'send_minute_of_day', type: 'integer', default: 480 })
  sendMinuteOfDay!: number;

  /** Signs unsubscribe links; made when first needed, per organisation so one leak stays local. */
  @Column({ name: 'signing_key', type: 'text', nullable: true })
  signingKey!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/**
 * One reminder the planner decided on: the source of truth Redis' delayed jobs are rebuilt from.
 * The id is the rules' stable id, so planning twice can never make two.
 */
@Entity({ name: 'planned_reminders' })
@Check('planned_reminders_state_check', `"state" IN ('pending', 'sent', 'cancelled')`)
@Check('planned_reminders_phase_check', `"phase" IN ('before', 'due', 'overdue')`)
@Index('planned_reminders_pending_send_at_idx', ['sendAt'], { where: `"state" = 'pending'` })
@Index('planned_reminders_item_idx', ['organisationId', 'itemKind', 'itemId'])
@Index('planned_reminders_organisation_pending_idx', ['organisationId', 'sendAt'], { where: `"state" = 'pending'` })
export class PlannedReminderEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'item_kind', type: 'text' })
  itemKind!: string;

  @Column({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Index('planned_reminders_journey_id_idx')
  @Column({ name: 'journey_id', type: 'uuid', nullable: true })
  journeyId!: string | null;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity | null;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'offset_days', type: 'integer' })
  offsetDays!: number;

  @Column({ type: 'text' })
  phase!: 'before' | 'due' | 'overdue';

  @Column({ name: 'send_at', type: 'timestamptz' })
  sendAt!: Date;

  @Column({ type: 'boolean', default: false })
  escalate!: boolean;

  @Column({ type: 'boolean', default: false })
  mandatory!: boolean;

  @Column({ type: 'text', default: 'pending' })
  state!: 'pending' | 'sent' | 'cancelled';

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/**
 * Transactional outbox: an email is decided on in the same transaction as the reminder it belongs
 * to, then sent by the email worker, whose job id is this row's id. One row per event and
 * recipient, so the same event can never be queued twice for one address.
 */
@Entity({ name: 'email_outbox' })
@Check('email_outbox_state_check', `"state" IN ('pending', 'sent', 'failed')`)
@Index('email_outbox_event_recipient_key', ['eventId', 'recipientEmail'], { unique: true })
@Index('email_outbox_pending_idx', ['createdAt'], { where: `"state" = 'pending'` })
@Index('email_outbox_organisation_state_idx', ['organisationId', 'state', 'createdAt'])
export class EmailOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipient?: UserEntity | null;

  @Column({ name: 'recipient_email', type: 'text' })
  recipientEmail!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  headers!: Record<string, string>;

  @Column({ type: 'text', default: 'pending' })
  state!: 'pending' | 'sent' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** What one member wants to hear about in one organisation; missing means everything, immediately. */
@Entity({ name: 'reminder_preference' })
@Check('reminder_preference_delivery_check', `"delivery" IN ('immediate', 'daily', 'weekly')`)
export class ReminderPreferenceEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Reminder kinds turned off (advance notice only: overdue reminders are always sent). */
  @Column({ name: 'disabled_kinds', type: 'text', array: true, default: () => `'{}'` })
  disabledKinds!: string[];

  /** Advance notices by email at once, or gathered into a daily or weekly (Monday) digest. */
  @Column({ type: 'text', default: 'immediate' })
  delivery!: 'immediate' | 'daily' | 'weekly';

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** An in-app notification, written with the emails of the same reminder (whatever the email preferences). */
@Entity({ name: 'notification' })
@Index('notification_event_user_key', ['eventId', 'userId'], { unique: true })
@Index('notification_user_idx', ['organisationId', 'userId', 'createdAt'])
@Index('notification_digest_pending_idx', ['organisationId', 'userId'], { where: `"digest_pending"` })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'item_kind', type: 'text' })
  itemKind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Path in the web app, as in the email's link. */
  @Column({ type: 'text' })
  path!: string;

  /** Digests group by these. */
  @Column({ name: 'product_name', type: 'text', nullable: true })
  productName!: string | null;

  @Column({ name: 'journey_name', type: 'text', nullable: true })
  journeyName!: string | null;

  /** Waiting for the member's next digest email (they chose a digest over immediate email). */
  @Column({ name: 'digest_pending', type: 'boolean', default: false })
  digestPending!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

/**
 * A member's secret calendar feed URL (one live per member and organisation). Only the SHA-256 of
 * the secret is stored; the feed is read without a session, by that hash.
 */
@Entity({ name: 'calendar_feed' })
@Index('calendar_feed_token_hash_key', ['tokenHash'], { unique: true })
@Index('calendar_feed_user_idx', ['organisationId', 'userId'])
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

export const REMINDER_ENTITIES = [ReminderSettingsEntity, PlannedReminderEntity, EmailOutboxEntity, ReminderPreferenceEntity, NotificationEntity, CalendarFeedEntity];
