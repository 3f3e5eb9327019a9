import { EVIDENCE_REVISION_STATUSES, EVIDENCE_SCAN_STATUSES, type EvidenceRevisionStatus, type EvidenceScanStatus } from '@pairline/domain';
import { EVIDENCE_LINK_TARGETS, type EvidenceLinkTarget } from '@pairline/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ScalEntity } from '../scals/scal.entity';
import { UserEntity } from '../users/user.entity';

/** A piece of evidence (a DSPT certificate, a pen-test report…): its content lives in its revisions. */
@Entity({ name: 'evidence_item' })
@Check('evidence_item_title_check', `length(btrim("title")) > 0`)
export class EvidenceItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/**
 * One revision of an evidence item. Append-only (a trigger refuses deletes and any change but the
 * review state): what was uploaded, by whom, when, and for which date is never rewritten.
 */
@Entity({ name: 'evidence_revision' })
@Index('evidence_revision_item_number_key', ['itemId', 'number'], { unique: true })
@Check('evidence_revision_status_check', `"status" IN (${sqlList(EVIDENCE_REVISION_STATUSES)})`)
@Check('evidence_revision_dates_check', `"expires_on" IS NULL OR "expires_on" >= "effective_on"`)
@Check('evidence_revision_rejection_reason_check', `("status" = 'rejected') = ("rejection_reason" IS NOT NULL)`)
export class EvidenceRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => EvidenceItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: EvidenceItemEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text', default: 'draft' })
  status!: EvidenceRevisionStatus;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn!: string;

  @Index('evidence_revision_expires_on_idx')
  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn!: string | null;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid' })
  uploadedByUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_user_id' })
  uploadedBy?: UserEntity;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'status_changed_by_user_id', type: 'uuid', nullable: true })
  statusChangedByUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'status_changed_by_user_id' })
  statusChangedBy?: UserEntity | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** A stored file of a revision, under a generated storage key (never the user's name). Append-only but for its scan state. */
@Entity({ name: 'evidence_file' })
@Check('evidence_file_scan_status_check', `"scan_status" IN (${sqlList(EVIDENCE_SCAN_STATUSES)})`)
@Check('evidence_file_sha256_check', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('evidence_file_size_check', `"size_bytes" >= 0`)
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('evidence_file_revision_id_idx')
  @Column({ name: 'revision_id', type: 'uuid' })
  revisionId!: string;

  @ManyToOne(() => EvidenceRevisionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'revision_id' })
  revision?: EvidenceRevisionEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Index('evidence_file_storage_key_key', { unique: true })
  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'scan_status', type: 'text' })
  scanStatus!: EvidenceScanStatus;

  @Column({ name: 'scan_detail', type: 'text', nullable: true })
  scanDetail!: string | null;

  @Column({ name: 'scanned_at', type: 'timestamptz', nullable: true })
  scannedAt!: Date | null;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}

/**
 * Evidence linked to what it evidences. One column set per kind of target, each with its own
 * foreign key, and a check that a row names exactly the columns of its kind: hazards and controls
 * add their columns and kinds later without a generic, unchecked "target id".
 */
@Entity({ name: 'evidence_link' })
@Check('evidence_link_target_check', `"target_type" IN (${sqlList(EVIDENCE_LINK_TARGETS)})`)
@Check('evidence_link_scal_requirement_check', `("target_type" = 'scal_requirement') = ("scal_id" IS NOT NULL AND "requirement_identifier" IS NOT NULL)`)
@Index('evidence_link_scal_requirement_key', ['evidenceId', 'scalId', 'requirementIdentifier'], { unique: true })
@Index('evidence_link_scal_requirement_idx', ['scalId', 'requirementIdentifier'])
export class EvidenceLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'evidence_id', type: 'uuid' })
  evidenceId!: string;

  @ManyToOne(() => EvidenceItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: EvidenceItemEntity;

  @Column({ name: 'target_type', type: 'text' })
  targetType!: EvidenceLinkTarget;

  @Column({ name: 'scal_id', type: 'uuid', nullable: true })
  scalId!: string | null;

  @ManyToOne(() => ScalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scal_id' })
  scal?: ScalEntity | null;

  @Column({ name: 'requirement_identifier', type: 'text', nullable: true })
  requirementIdentifier!: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
