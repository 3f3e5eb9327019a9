import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A file a member uploaded to import (a SCAL workbook, a hazard log), kept as it came so that
 * exports can give the same workbook back. Content-addressed within the organisation: the same
 * bytes uploaded twice are one row and one stored object. Pinned once something keeps it (a
 * template, a SCAL, a snapshot); an upload never imported is removed after a day.
 */
@Entity({ name: 'document_file' })
@Check('document_file_kind_check', `"kind" IN ('xlsx', 'csv')`)
@Check('document_file_sha256_check', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Index('document_file_organisation_sha256_key', ['organisationId', 'sha256'], { unique: true })
export class DocumentFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** The name it was first uploaded under, cleaned of path and control characters. */
  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'text' })
  kind!: 'xlsx' | 'csv';

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Index('document_file_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When something first kept the file; null: an upload not (yet) imported. */
  @Column({ name: 'pinned_at', type: 'timestamptz', nullable: true })
  pinnedAt!: Date | null;
}
