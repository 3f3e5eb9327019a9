import type { StageLink } from '@pairline/contracts';
import { STAGE_STATUSES, type ChecklistItem, type StageStatus } from '@pairline/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';
import { JourneyEntity } from './journey.entity';

/** The state of one template stage on one journey (the engine's `StageState`, stored). */
@Entity({ name: 'journey_stage' })
@Check('journey_stage_status_check', `"status" IN (${sqlList(STAGE_STATUSES)})`)
@Check('journey_stage_skip_reason_check', `("status" = 'skipped') = ("skip_reason" IS NOT NULL)`)
@Check('journey_stage_duration_check', `"duration_working_days" BETWEEN 0 AND 1000 AND ("sla_working_days" IS NULL OR "sla_working_days" BETWEEN 0 AND 1000)`)
@Check('journey_stage_planned_check', `"planned_start" IS NULL OR "planned_end" IS NULL OR "planned_start" <= "planned_end"`)
@Index('journey_stage_journey_key', ['journeyId', 'key'], { unique: true })
export class JourneyStageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ type: 'text' })
  key!: string;

  /** Order within the template, so reads need not consult it. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'not_started' })
  status!: StageStatus;

  @Column({ name: 'planned_start', type: 'date', nullable: true })
  plannedStart!: string | null;

  @Column({ name: 'planned_end', type: 'date', nullable: true })
  plannedEnd!: string | null;

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  @Column({ name: 'actual_start', type: 'date', nullable: true })
  actualStart!: string | null;

  @Column({ name: 'actual_end', type: 'date', nullable: true })
  actualEnd!: string | null;

  @Column({ name: 'waiting_since', type: 'date', nullable: true })
  waitingSince!: string | null;

  @Column({ name: 'duration_working_days', type: 'integer' })
  durationWorkingDays!: number;

  @Column({ name: 'sla_working_days', type: 'integer', nullable: true })
  slaWorkingDays!: number | null;

  @Column({ type: 'text', nullable: true })
  route!: string | null;

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason!: string | null;

  @Index('journey_stage_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @Column({ type: 'jsonb' })
  checklist!: ChecklistItem[];

  @Column({ type: 'jsonb' })
  links!: StageLink[];

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
