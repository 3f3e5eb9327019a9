import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentFileEntity } from '../documents/document-file.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';
import { ScalTemplateEntity } from './scal-template.entity';

export const SCAL_IMPORT_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type ScalImportRunStatus = (typeof SCAL_IMPORT_RUN_STATUSES)[number];

/**
 * One import of a validated workbook, so a client can follow a large import as its rows are
 * stored. The template and its rows are written in one transaction that this row cannot see
 * into, so progress is written here on another connection after each chunk; the run's final
 * state is written in the import's own transaction, or after its rollback when it fails.
 */
@Entity({ name: 'scal_import_run' })
@Check('scal_import_run_status_check', `"status" IN ('running', 'completed', 'failed')`)
@Check('scal_import_run_rows_check', `"processed_rows" >= 0 AND "processed_rows" <= "total_rows"`)
@Index('scal_import_run_organisation_started_idx', ['organisationId', 'startedAt'])
export class ScalImportRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'text' })
  status!: ScalImportRunStatus;

  @Column({ name: 'total_rows', type: 'integer' })
  totalRows!: number;

  @Column({ name: 'processed_rows', type: 'integer', default: 0 })
  processedRows!: number;

  @Index('scal_import_run_template_id_idx')
  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId!: string | null;

  @ManyToOne(() => ScalTemplateEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'template_id' })
  template?: ScalTemplateEntity | null;

  @Index('scal_import_run_file_id_idx')
  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId!: string | null;

  @ManyToOne(() => DocumentFileEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'file_id' })
  file?: DocumentFileEntity | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Index('scal_import_run_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  /** Moves with every chunk stored: a running import that stops moving has died with its process. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
