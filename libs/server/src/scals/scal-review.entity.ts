import type { ScalSnapshotRowDto } from '@pairline/contracts';
import { SCAL_STAGES, type ScalRequirementStatus, type ScalStage } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { DocumentFileEntity } from '../documents/document-file.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import type { ScalSourceSheet } from '../scal-templates/scal-template.entity';
import { UserEntity } from '../users/user.entity';
import { ScalEntity } from './scal.entity';

/**
 * A reviewer's comment on one requirement of a SCAL. Threads are one level deep (a first comment
 * and its replies), as in a document review; the first comment carries the thread's resolution.
 * Comments are addressed by identifier, like answers, so a requirement nobody has answered can be
 * discussed without creating an answer row.
 */
@Entity({ name: 'scal_comment' })
@Check('scal_comment_body_check', `length(btrim("body")) BETWEEN 1 AND 10000`)
@Check('scal_comment_resolved_on_thread_check', `"parent_id" IS NULL OR ("resolved_at" IS NULL AND "resolved_by" IS NULL)`)
@Index('scal_comment_scal_identifier_idx', ['scalId', 'identifier', 'createdAt'])
export class ScalCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'scal_id', type: 'uuid' })
  scalId!: string;

  @ManyToOne(() => ScalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scal_id' })
  scal?: ScalEntity;

  @Column({ type: 'text' })
  identifier!: string;

  @Index('scal_comment_parent_id_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => ScalCommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: ScalCommentEntity | null;

  @Index('scal_comment_author_user_id_idx')
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_user_id' })
  author?: UserEntity | null;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Index('scal_comment_resolved_by_idx')
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'resolved_by' })
  resolver?: UserEntity | null;
}

/**
 * A SCAL frozen when it reached a stage: every row (requirement text, source cells, answer, review
 * counts, evidence references) as it stood. Append-only, enforced by a trigger: it is what was sent
 * to NHS England, and an export of it must come out the same years later, whatever happened to the
 * template, the answers or the evidence since.
 */
@Entity({ name: 'scal_snapshot' })
@Check('scal_snapshot_stage_check', `"stage" IN (${sqlList(SCAL_STAGES)})`)
@Check('scal_snapshot_number_check', `"number" >= 1`)
@Index('scal_snapshot_scal_number_key', ['scalId', 'number'], { unique: true })
export class ScalSnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'scal_id', type: 'uuid' })
  scalId!: string;

  @ManyToOne(() => ScalEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scal_id' })
  scal?: ScalEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  stage!: ScalStage;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;

  @Index('scal_snapshot_taken_by_idx')
  @Column({ name: 'taken_by', type: 'uuid' })
  takenBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taken_by' })
  taker?: UserEntity;

  /** The template as it was: id, key, version, name, baseline. Copied, not joined, so it cannot move. */
  @Column({ type: 'jsonb' })
  template!: { id: string; key: string; version: number; name: string; baseline: boolean };

  @Column({ name: 'source_sheets', type: 'jsonb', nullable: true })
  sourceSheets!: ScalSourceSheet[] | null;

  /** The workbook the snapshot's export writes into, as it stood when the snapshot was taken. */
  @Index('scal_snapshot_workbook_file_id_idx')
  @Column({ name: 'workbook_file_id', type: 'uuid', nullable: true })
  workbookFileId!: string | null;

  @ManyToOne(() => DocumentFileEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workbook_file_id' })
  workbookFile?: DocumentFileEntity | null;

  @Column({ name: 'journey_ids', type: 'jsonb' })
  journeyIds!: string[];

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'by_status', type: 'jsonb' })
  byStatus!: Record<ScalRequirementStatus, number>;

  @Column({ type: 'jsonb' })
  rows!: ScalSnapshotRowDto[];

  @Column({ name: 'rows_sha256', type: 'text' })
  rowsSha256!: string;
}
