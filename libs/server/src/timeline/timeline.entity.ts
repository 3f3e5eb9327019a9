import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { JourneyEntity } from '../journeys/journey.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/**
 * What a journey's outlook was on one day: written whenever the day's outlook is stored (the first
 * read of the day, and after every change), so forecast drift can be charted from history rather
 * than guessed from the audit trail.
 */
@Entity({ name: 'journey_forecast_snapshot' })
export class JourneyForecastSnapshotEntity {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @PrimaryColumn({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ name: 'current_stage_key', type: 'text' })
  currentStageKey!: string;

  @Column({ name: 'forecast_go_live', type: 'date', nullable: true })
  forecastGoLive!: string | null;
}

/** A named, frozen copy of every journey's stage dates, to compare today's plan against. */
@Entity({ name: 'timeline_baseline' })
@Check('timeline_baseline_name_check', `length(btrim("name")) BETWEEN 1 AND 120`)
export class TimelineBaselineEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('timeline_baseline_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One stage's expected dates in a baseline; never updated (a trigger refuses it). */
@Entity({ name: 'timeline_baseline_stage' })
@Check('timeline_baseline_stage_source_check', `"source" IN ('planned', 'forecast', 'actual')`)
export class TimelineBaselineStageEntity {
  @PrimaryColumn({ name: 'baseline_id', type: 'uuid' })
  baselineId!: string;

  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @PrimaryColumn({ name: 'stage_key', type: 'text' })
  stageKey!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => TimelineBaselineEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'baseline_id' })
  baseline?: TimelineBaselineEntity;

  // A journey deleted later keeps its baseline rows: the baseline records what was promised.
  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @Column({ name: 'start_on', type: 'date', nullable: true })
  startOn!: string | null;

  @Column({ name: 'end_on', type: 'date', nullable: true })
  endOn!: string | null;

  /** Where the dates came from when the baseline was saved: someone's plan, the forecast, or what happened. */
  @Column({ type: 'text' })
  source!: 'planned' | 'forecast' | 'actual';
}
