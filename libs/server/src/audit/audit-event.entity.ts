import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to regulated data, hash-chained per organisation: `hash = sha256(prevHash || canonical
 * event)`. Append-only: the app role may only INSERT and SELECT, and a trigger rejects UPDATE,
 * DELETE and TRUNCATE for everyone.
 */
@Entity({ name: 'audit_event' })
@Index('audit_event_organisation_seq_key', ['organisationId', 'seq'], { unique: true })
@Index('audit_event_organisation_occurred_idx', ['organisationId', 'occurredAt'])
@Index('audit_event_organisation_entity_idx', ['organisationId', 'entityType', 'entityId'])
@Index('audit_event_organisation_actor_idx', ['organisationId', 'actorUserId'])
@Index('audit_event_organisation_action_idx', ['organisationId', 'action'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** 1, 2, 3… per organisation: gaps or repeats are themselves evidence of tampering. */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  /** Who, in words, frozen at the time (the user's email, "api token …", "system"). */
  @Column({ name: 'actor_label', type: 'text' })
  actorLabel!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, { before?: unknown; after?: unknown }> | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
