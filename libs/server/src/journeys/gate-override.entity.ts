import type { UnmetCriterion } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';
import { JourneyEntity } from './journey.entity';

/** An org admin let a stage through unmet criteria: kept for ever (append-only) and shown on the journey. */
@Entity({ name: 'gate_override' })
@Check('gate_override_action_check', `"action" IN ('start', 'complete')`)
@Check('gate_override_justification_check', `length(btrim("justification")) >= 10`)
export class GateOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('gate_override_journey_id_idx')
  @Column({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ name: 'stage_key', type: 'text' })
  stageKey!: string;

  @Column({ type: 'text' })
  action!: 'start' | 'complete';

  @Column({ type: 'jsonb' })
  unmet!: UnmetCriterion[];

  @Column({ type: 'text' })
  justification!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
