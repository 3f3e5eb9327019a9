import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A customer organisation (tenant): a consumer supplier integrating with GP systems. */
@Entity({ name: 'organisation' })
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
