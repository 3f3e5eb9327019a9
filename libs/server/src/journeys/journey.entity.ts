import { JOURNEY_STATUSES, type JourneyStatus, type MechanismKey, type ProviderSupplierKey } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ProductEntity } from '../products/product.entity';
import { MechanismEntity } from '../reference-data/mechanism.entity';
import { ProviderSupplierEntity } from '../reference-data/provider-supplier.entity';
import { UserEntity } from '../users/user.entity';

/**
 * One pairing: product × provider supplier × IM1 API, or product × GP Connect capability. At most
 * one journey per combination is active (not withdrawn), enforced by a partial unique index.
 */
@Entity({ name: 'journey' })
@Check('journey_status_check', `"status" IN (${sqlList(JOURNEY_STATUSES)})`)
@Check('journey_withdrawn_reason_check', `("status" = 'withdrawn') = ("withdrawn_reason" IS NOT NULL)`)
// Unique on (organisation, product, mechanism, coalesce(provider, '')) while not withdrawn: an
// expression index TypeORM cannot describe, so the migration owns it.
@Index('journey_active_combination_key', { synchronize: false })
@Index('journey_organisation_status_idx', ['organisationId', 'status'])
export class JourneyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('journey_product_id_idx')
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ name: 'mechanism_key', type: 'text' })
  mechanismKey!: MechanismKey;

  @ManyToOne(() => MechanismEntity)
  @JoinColumn({ name: 'mechanism_key', foreignKeyConstraintName: 'journey_mechanism_fk' })
  mechanism?: MechanismEntity;

  @Column({ name: 'provider_key', type: 'text', nullable: true })
  providerKey!: ProviderSupplierKey | null;

  @ManyToOne(() => ProviderSupplierEntity)
  @JoinColumn({ name: 'provider_key', foreignKeyConstraintName: 'journey_provider_fk' })
  provider?: ProviderSupplierEntity | null;

  @Column({ name: 'template_key', type: 'text' })
  templateKey!: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion!: number;

  @Index('journey_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @Column({ name: 'target_go_live', type: 'date', nullable: true })
  targetGoLive!: string | null;

  @Column({ type: 'text', default: 'not_started' })
  status!: JourneyStatus;

  @Column({ type: 'text', default: '' })
  notes!: string;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  /**
   * The outlook as computed on `outlookAsOf` (a cache: it depends on the day, so a stale one is
   * recomputed on read). Lists and the portfolio read these instead of every stage.
   */
  @Column({ name: 'current_stage_key', type: 'text', nullable: true })
  currentStageKey!: string | null;

  @Column({ name: 'forecast_go_live', type: 'date', nullable: true })
  forecastGoLive!: string | null;

  @Column({ name: 'outlook_as_of', type: 'date', nullable: true })
  outlookAsOf!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
