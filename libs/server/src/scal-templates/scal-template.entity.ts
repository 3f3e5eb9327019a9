import { SCAL_ENVIRONMENTS, SCAL_LEVELS, type ImportedAnswer, type ScalAnswerColumn, type ScalImportField, type ScalEnvironment, type ScalLevel } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { DocumentFileEntity } from '../documents/document-file.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/** How the source file laid its requirements out, kept so an export can write the answers back into it. */
export interface ScalSourceSheet {
  readonly name: string;
  readonly state?: 'visible' | 'hidden' | 'veryHidden';
  /** 1-based; absent for templates imported before header rows were found (row 1). */
  readonly headerRow?: number;
  readonly headers: readonly string[];
  /** The tab's used width in columns. */
  readonly width?: number;
  /** Where the tab keeps each mapped requirement field (0-based), to find the rows of a returned copy. */
  readonly columns?: Partial<Record<ScalImportField, number>>;
  /** Where the sheet keeps the answer columns the mapping named (0-based); absent ones are appended on export. */
  readonly answerColumns?: Partial<Record<ScalAnswerColumn, number>>;
  /** The dropdown entries of each answer column, so an export writes the list's own words. */
  readonly answerLists?: Partial<Record<ScalAnswerColumn, readonly string[]>>;
  /** Rows with text that are not requirements (titles, sub-headings, lists), for the text exports that cannot reopen the file. */
  readonly otherRows?: readonly { readonly row: number; readonly cells: readonly string[] }[];
}

/**
 * One version of a SCAL template owned by an organisation. Versions are never edited: a journey's
 * SCAL must keep meaning what it meant when it was answered, so a changed workbook is a new version.
 */
@Entity({ name: 'scal_template' })
@Check('scal_template_key_check', `"key" ~ '^[a-z0-9][a-z0-9_-]*$'`)
@Check('scal_template_name_check', `btrim("name") <> ''`)
@Check('scal_template_version_check', `"version" >= 1`)
@Index('scal_template_organisation_key_version_key', ['organisationId', 'key', 'version'], { unique: true })
export class ScalTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: false })
  baseline!: boolean;

  @Column({ name: 'source_note', type: 'text', nullable: true })
  sourceNote!: string | null;

  /** Sheets in file order with their header rows; null for the built-in baseline. */
  @Column({ name: 'source_sheets', type: 'jsonb', nullable: true })
  sourceSheets!: ScalSourceSheet[] | null;

  /** The workbook as it was uploaded: exports open it and write only the answer cells. Null for the baseline, CSVs and older imports. */
  @Index('scal_template_source_file_id_idx')
  @Column({ name: 'source_file_id', type: 'uuid', nullable: true })
  sourceFileId!: string | null;

  @ManyToOne(() => DocumentFileEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_file_id' })
  sourceFile?: DocumentFileEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Index('scal_template_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;
}

/** The source row: which sheet and spreadsheet row it came from, and every cell in column order. */
export interface ScalSourceRow {
  readonly sheet: string;
  readonly row: number;
  readonly cells: readonly string[];
}

@Entity({ name: 'scal_requirement' })
@Check('scal_requirement_level_check', `"level" IN (${sqlList(SCAL_LEVELS)})`)
@Check('scal_requirement_environment_check', `"environment" IS NULL OR "environment" IN (${sqlList(SCAL_ENVIRONMENTS)})`)
@Index('scal_requirement_template_identifier_key', ['templateId', 'identifier'], { unique: true })
@Index('scal_requirement_template_position_idx', ['templateId', 'position'])
export class ScalRequirementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @ManyToOne(() => ScalTemplateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'template_id' })
  template?: ScalTemplateEntity;

  @Column({ type: 'text' })
  identifier!: string;

  /** The section key; section_name keeps the tab's own spelling for display and export. */
  @Column({ type: 'text' })
  section!: string;

  @Column({ name: 'section_name', type: 'text' })
  sectionName!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'use_case', type: 'text', nullable: true })
  useCase!: string | null;

  @Column({ type: 'text', nullable: true })
  type!: string | null;

  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ name: 'test_cases', type: 'text', nullable: true })
  testCases!: string | null;

  @Column({ name: 'evidence_required', type: 'text', nullable: true })
  evidenceRequired!: string | null;

  @Column({ type: 'text', nullable: true })
  environment!: ScalEnvironment | null;

  @Column({ type: 'text' })
  level!: ScalLevel;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'jsonb', nullable: true })
  source!: ScalSourceRow | null;

  /** The sub-heading row of the tab the requirement sits under, if any. */
  @Column({ type: 'text', nullable: true })
  heading!: string | null;

  /** What the uploaded workbook already said (a returned SCAL): a SCAL made from the template starts from it. */
  @Column({ name: 'imported_answer', type: 'jsonb', nullable: true })
  importedAnswer!: ImportedAnswer | null;
}
