import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProviderSupplierEntity } from './provider-supplier.entity';

/** IM1 APIs and GP Connect capabilities (global reference data, written by migrations). */
@Entity({ name: 'mechanism' })
@Check('mechanism_family_check', `"family" IN ('im1', 'gp_connect')`)
export class MechanismEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  family!: 'im1' | 'gp_connect';

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  notice!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'integer' })
  position!: number;
}

/** Which provider supplier offers which IM1 API. */
@Entity({ name: 'im1_availability' })
@Check('im1_availability_check', `"availability" IN ('offered', 'not_offered', 'unconfirmed')`)
export class Im1AvailabilityEntity {
  @PrimaryColumn({ name: 'provider_key', type: 'text' })
  providerKey!: string;

  @ManyToOne(() => ProviderSupplierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_key' })
  provider?: ProviderSupplierEntity;

  @PrimaryColumn({ name: 'mechanism_key', type: 'text' })
  mechanismKey!: string;

  @ManyToOne(() => MechanismEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mechanism_key' })
  mechanism?: MechanismEntity;

  @Column({ type: 'text' })
  availability!: 'offered' | 'not_offered' | 'unconfirmed';

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
