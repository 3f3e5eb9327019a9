import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Authentication events that belong to no organisation (a failed login for an unknown email):
 * append-only, kept for security review. Events of known users go to their organisations' audit
 * trails instead.
 */
@Entity({ name: 'security_event' })
export class SecurityEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('security_event_occurred_at_idx')
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
