import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The head of an organisation's audit chain at a moment (`seq`, `hash`), signed with the
 * configured Ed25519 key (`key_id` names it). Append-only, like the trail.
 */
@Entity({ name: 'audit_checkpoint' })
@Index('audit_checkpoint_organisation_seq_key', ['organisationId', 'seq'], { unique: true })
@Check('audit_checkpoint_trigger_check', `"trigger" IN ('scheduled', 'on_demand')`)
export class AuditCheckpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  /** Ed25519 over `checkpointMessage`, base64. */
  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'text' })
  trigger!: 'scheduled' | 'on_demand';

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
}
