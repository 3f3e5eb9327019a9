import { SCAL_REQUIREMENT_STATUSES, SCAL_RESPONSES, SCAL_REVIEW_VERDICTS, type ScalRequirementStatus, type ScalResponse, type ScalReviewVerdict } from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { DocumentFileEntity } from '../documents/document-file.entity';
import { JourneyEntity } from '../journeys/journey.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ProductEntity } from '../products/product.entity';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A SCAL being answered, from one template version. It belongs to a product because journeys of
 * one product may share it (much baseline evidence is the same for every provider).
 */
@Entity({ name: 'scal' })
export class ScalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('scal_template_id_idx')
  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  // A template version answered against cannot disappear under its answers.
  @ManyToOne(() => ScalTemplateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: ScalTemplateEntity;

  @Index('scal_product_id_idx')
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /**
   * The workbook last returned for this SCAL (NHS England's verdicts written in): exports write
   * into it, so its review columns go back as NHS England left them. Null: the template's file.
   */
  @Index('scal_workbook_file_id_idx')
  @Column({ name: 'workbook_file_id', type: 'uuid', nullable: true })
  workbookFileId!: string | null;

  @ManyToOne(() => DocumentFileEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workbook_file_id' })
  workbookFile?: DocumentFileEntity | null;
}

/** Which journeys a SCAL serves; the journey is the key, so a journey has at most one SCAL. */
@Entity({ name: 'scal_journey' })
export class ScalJourneyEntity {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('scal_journey_scal_id_idx')
  @Column({ name: 'scal_id', type: 'uuid' })
  scalId!: string;

  @ManyToOne(() => ScalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scal_id' })
  scal?: ScalEntity;
}

/**
 * The state of one requirement of one SCAL. Written only once someone touches the requirement: a
 * missing row means not started, so a 2,000-row SCAL costs nothing until it is worked on.
 */
@Entity({ name: 'scal_answer' })
@Check('scal_answer_status_check', `"status" IN (${sqlList(SCAL_REQUIREMENT_STATUSES)})`)
@Check('scal_answer_response_check', `"response" IS NULL OR "response" IN (${sqlList(SCAL_RESPONSES)})`)
@Check('scal_answer_rejection_reason_check', `("status" = 'rejected') = ("rejection_reason" IS NOT NULL)`)
@Check('scal_answer_review_verdict_check', `"review_verdict" IS NULL OR "review_verdict" IN (${sqlList(SCAL_REVIEW_VERDICTS)})`)
@Index('scal_answer_scal_identifier_key', ['scalId', 'identifier'], { unique: true })
export class ScalAnswerEntity {
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

  @Column({ type: 'text', nullable: true })
  response!: ScalResponse | null;

  @Column({ type: 'text', nullable: true })
  justification!: string | null;

  @Index('scal_answer_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'text', default: 'not_started' })
  status!: ScalRequirementStatus;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  /** NHS England's verdict as its review column last said it (read from a returned workbook). */
  @Column({ name: 'review_verdict', type: 'text', nullable: true })
  reviewVerdict!: ScalReviewVerdict | null;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
