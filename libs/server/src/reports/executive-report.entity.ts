import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { TimelineBaselineEntity } from '../timeline/timeline.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A generated monthly executive report, kept as the exact PDF the board received (with its
 * SHA-256), and the baseline saved with it that the next report measures slips against.
 */
@Entity({ name: 'executive_report' })
@Check('executive_report_trigger_check', `"trigger" IN ('on_demand', 'scheduled')`)
export class ExecutiveReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('executive_report_organisation_id_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  /** The month reported on, e.g. "2026-11". */
  @Column({ type: 'text' })
  period!: string;

  @Column({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ type: 'text' })
  trigger!: 'on_demand' | 'scheduled';

  @Column({ name: 'generated_by', type: 'uuid', nullable: true })
  generatedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'generated_by' })
  generator?: UserEntity;

  /** The plan saved with this report. */
  @Column({ name: 'baseline_id', type: 'uuid', nullable: true })
  baselineId!: string | null;

  @ManyToOne(() => TimelineBaselineEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'baseline_id' })
  baseline?: TimelineBaselineEntity;

  /** The previous report's plan, which this one's slips were measured against. */
  @Column({ name: 'compared_with_baseline_id', type: 'uuid', nullable: true })
  comparedWithBaselineId!: string | null;

  @ManyToOne(() => TimelineBaselineEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'compared_with_baseline_id' })
  comparedWith?: TimelineBaselineEntity;

  @Column({ type: 'bytea' })
  pdf!: Buffer;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
