import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'provider_supplier' })
export class ProviderSupplierEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Index('provider_supplier_name_idx')
  @Column({ type: 'text' })
  name!: string;

  @Index('provider_supplier_system_name_idx')
  @Column({ name: 'system_name', type: 'text' })
  systemName!: string;

  @Column({ name: 'short_name', type: 'text' })
  shortName!: string;

  @Column({ name: 'status_unconfirmed', type: 'boolean', default: false })
  statusUnconfirmed!: boolean;

  @Column({ name: 'status_note', type: 'text', nullable: true })
  statusNote!: string | null;

  @Column({ type: 'text' })
  source!: string;
}
