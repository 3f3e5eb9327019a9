import type { ProviderSupplierKey } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ProviderSupplierEntity } from '../reference-data/provider-supplier.entity';

/** A provider's change-freeze window: nothing goes live inside it, so forecasts move past it. */
@Entity({ name: 'change_freeze' })
@Check('change_freeze_dates_check', `"starts_on" <= "ends_on"`)
@Index('change_freeze_organisation_ends_idx', ['organisationId', 'endsOn'])
export class ChangeFreezeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  /** Null: every provider (e.g. a national freeze over Christmas). */
  @Column({ name: 'provider_key', type: 'text', nullable: true })
  providerKey!: ProviderSupplierKey | null;

  @ManyToOne(() => ProviderSupplierEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_key' })
  provider?: ProviderSupplierEntity | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
