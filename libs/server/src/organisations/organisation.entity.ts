import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A customer organisation (tenant): a consumer supplier integrating with GP systems. */
@Entity({ name: 'organisation' })
@Check('organisation_thresholds_check', `"at_risk_within_working_days" BETWEEN 0 AND 260 AND "late_after_working_days" BETWEEN 0 AND 260`)
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** NHS Organisation Data Service code; a supplier needs one for its SCAL. */
  @Index('organisation_ods_code_key', { unique: true })
  @Column({ name: 'ods_code', type: 'text', nullable: true })
  odsCode!: string | null;

  @Column({ name: 'mfa_required', type: 'boolean', default: false })
  mfaRequired!: boolean;

  /** Status colour thresholds (see libs/domain status-colour). */
  @Column({ name: 'at_risk_within_working_days', type: 'integer', default: 10 })
  atRiskWithinWorkingDays!: number;

  @Column({ name: 'late_after_working_days', type: 'integer', default: 0 })
  lateAfterWorkingDays!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
