import { MEDICAL_DEVICE_STATUSES, type MedicalDeviceStatus } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/** A consumer supplier's product, paired with GP systems through journeys. */
@Entity({ name: 'product' })
@Check('product_medical_device_status_check', `"medical_device_status" IN (${sqlList(MEDICAL_DEVICE_STATUSES)})`)
@Check('product_name_check', `btrim("name") <> ''`)
@Index('product_organisation_name_key', ['organisationId', 'name'], { unique: true })
export class ProductEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'product_version', type: 'text', nullable: true })
  productVersion!: string | null;

  @Column({ name: 'use_case', type: 'text', default: '' })
  useCase!: string;

  @Column({ name: 'intended_users', type: 'text', default: '' })
  intendedUsers!: string;

  @Column({ name: 'medical_device_status', type: 'text', default: 'undetermined' })
  medicalDeviceStatus!: MedicalDeviceStatus;

  @Index('product_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
