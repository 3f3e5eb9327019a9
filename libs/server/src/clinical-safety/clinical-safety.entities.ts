import {
  CONTROL_STATUSES,
  CONTROL_TYPES,
  HAZARD_STATUSES,
  LIKELIHOODS,
  SEVERITIES,
  type AcceptabilityCriteria,
  type Control,
  type ControlStatus,
  type ControlType,
  type Hazard,
  type HazardStatus,
  type Likelihood,
  type MechanismKey,
  type ResidualRiskProfile,
  type RiskMatrix,
  type RiskRating,
  type ScaleDefinition,
  type Severity,
} from '@pairline/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { EvidenceItemEntity } from '../evidence/evidence.entity';
import { JourneyEntity } from '../journeys/journey.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ProductEntity } from '../products/product.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A version of a Clinical Risk Management Plan's risk settings, for the organisation (product null)
 * or one product. Never edited: a change is a new row. Version numbers run per organisation, so a
 * hazard's plan version names exactly one plan whichever scope it came from.
 */
@Entity({ name: 'risk_plan' })
@Index('risk_plan_organisation_version_key', ['organisationId', 'version'], { unique: true })
export class RiskPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('risk_plan_product_id_idx')
  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId!: string | null;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  severities!: ScaleDefinition<Severity>[];

  @Column({ type: 'jsonb' })
  likelihoods!: ScaleDefinition<Likelihood>[];

  @Column({ type: 'jsonb' })
  matrix!: RiskMatrix;

  @Column({ type: 'jsonb' })
  acceptability!: AcceptabilityCriteria;

  @Column({ type: 'text' })
  source!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by' })
  approver?: UserEntity | null;
}

/** The product's clinical safety officer, as the safety case and sign-offs name them. */
@Entity({ name: 'clinical_safety_officer' })
@Check('clinical_safety_officer_name_check', `btrim("name") <> ''`)
export class ClinicalSafetyOfficerEntity {
  @PrimaryColumn({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  profession!: string;

  @Column({ name: 'registration_number', type: 'text', default: '' })
  registrationNumber!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** The last hazard number given per product: its row lock serialises numbering, so none repeats. */
@Entity({ name: 'hazard_counter' })
export class HazardCounterEntity {
  @PrimaryColumn({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;
}

/** An entry of a product's hazard log. Never deleted: withdrawn with a reason instead. */
@Entity({ name: 'hazard' })
@Index('hazard_product_number_key', ['productId', 'number'], { unique: true })
@Index('hazard_product_sequence_idx', ['productId', 'sequence'])
@Check('hazard_status_check', `"status" IN (${sqlList(HAZARD_STATUSES)})`)
@Check('hazard_initial_severity_check', `"initial_severity" IS NULL OR "initial_severity" IN (${sqlList(SEVERITIES)})`)
@Check('hazard_initial_likelihood_check', `"initial_likelihood" IS NULL OR "initial_likelihood" IN (${sqlList(LIKELIHOODS)})`)
@Check('hazard_residual_severity_check', `"residual_severity" IS NULL OR "residual_severity" IN (${sqlList(SEVERITIES)})`)
@Check('hazard_residual_likelihood_check', `"residual_likelihood" IS NULL OR "residual_likelihood" IN (${sqlList(LIKELIHOODS)})`)
// GIN, which TypeORM cannot declare: the migration owns it.
@Index('hazard_mechanism_keys_idx', { synchronize: false })
@Check('hazard_transfer_check', `("status" = 'transferred') = ("deploying_organisation_actions" IS NOT NULL)`)
export class HazardEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'potential_clinical_impact', type: 'text', default: '' })
  potentialClinicalImpact!: string;

  @Column({ name: 'possible_causes', type: 'jsonb', default: () => `'[]'` })
  possibleCauses!: string[];

  @Column({ type: 'text', default: '' })
  effect!: string;

  @Column({ type: 'text', default: '' })
  harm!: string;

  @Column({ name: 'existing_controls', type: 'text', default: '' })
  existingControls!: string;

  @Index('hazard_hazard_type_idx')
  @Column({ name: 'hazard_type', type: 'text', nullable: true })
  hazardType!: string | null;

  /** GP Connect capabilities and IM1 APIs the hazard concerns, by reference mechanism key (checked by the API). */
  @Column({ name: 'mechanism_keys', type: 'text', array: true, default: () => `'{}'` })
  mechanismKeys!: MechanismKey[];

  @Column({ name: 'risk_plan_id', type: 'uuid', nullable: true })
  riskPlanId!: string | null;

  @ManyToOne(() => RiskPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'risk_plan_id' })
  riskPlan?: RiskPlanEntity | null;

  @Column({ name: 'initial_severity', type: 'text', nullable: true })
  initialSeverity!: Severity | null;

  @Column({ name: 'initial_likelihood', type: 'text', nullable: true })
  initialLikelihood!: Likelihood | null;

  @Index('hazard_initial_rating_idx')
  @Column({ name: 'initial_rating', type: 'smallint', nullable: true })
  initialRating!: RiskRating | null;

  @Column({ name: 'residual_severity', type: 'text', nullable: true })
  residualSeverity!: Severity | null;

  @Column({ name: 'residual_likelihood', type: 'text', nullable: true })
  residualLikelihood!: Likelihood | null;

  @Index('hazard_residual_rating_idx')
  @Column({ name: 'residual_rating', type: 'smallint', nullable: true })
  residualRating!: RiskRating | null;

  @Column({ name: 'residual_increase_justification', type: 'text', nullable: true })
  residualIncreaseJustification!: string | null;

  @Column({ name: 'residual_acceptance_justification', type: 'text', nullable: true })
  residualAcceptanceJustification!: string | null;

  @Column({ name: 'action_summary', type: 'text', default: '' })
  actionSummary!: string;

  @Index('hazard_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @Index('hazard_status_idx')
  @Column({ type: 'text', default: 'open' })
  status!: HazardStatus;

  @Column({ name: 'deploying_organisation_actions', type: 'text', nullable: true })
  deployingOrganisationActions!: string | null;

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn!: string | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'library_item_id', type: 'uuid', nullable: true })
  libraryItemId!: string | null;

  @ManyToOne(() => HazardLibraryItemEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'library_item_id' })
  libraryItem?: HazardLibraryItemEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** Which journeys a hazard concerns (and through them the IM1 API or GP Connect capability). */
@Entity({ name: 'hazard_journey' })
export class HazardJourneyEntity {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @ManyToOne(() => HazardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hazard_id' })
  hazard?: HazardEntity;

  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  @Index('hazard_journey_journey_id_idx')
  journeyId!: string;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}

/** An additional control; one control may mitigate several hazards of its product. */
@Entity({ name: 'hazard_control' })
@Check('hazard_control_type_check', `"type" IN (${sqlList(CONTROL_TYPES)})`)
@Check('hazard_control_status_check', `"status" IN (${sqlList(CONTROL_STATUSES)})`)
@Check('hazard_control_description_check', `btrim("description") <> ''`)
export class HazardControlEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('hazard_control_product_id_idx')
  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ type: 'text' })
  type!: ControlType;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @Column({ type: 'text', default: 'planned' })
  status!: ControlStatus;

  /** The evidence vault item that proves the control; evidence is kept, so it cannot vanish under a verified control. */
  @Index('hazard_control_verification_evidence_id_idx')
  @Column({ name: 'verification_evidence_id', type: 'uuid', nullable: true })
  verificationEvidenceId!: string | null;

  @ManyToOne(() => EvidenceItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'verification_evidence_id' })
  verificationEvidence?: EvidenceItemEntity | null;

  @Column({ name: 'verification_reference', type: 'text', nullable: true })
  verificationReference!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

@Entity({ name: 'hazard_control_link' })
export class HazardControlLinkEntity {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @ManyToOne(() => HazardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hazard_id' })
  hazard?: HazardEntity;

  @PrimaryColumn({ name: 'control_id', type: 'uuid' })
  @Index('hazard_control_link_control_id_idx')
  controlId!: string;

  @ManyToOne(() => HazardControlEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'control_id' })
  control?: HazardControlEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}

/** An issued hazard log version: a frozen copy of every hazard and control. Append-only. */
@Entity({ name: 'hazard_log_version' })
@Index('hazard_log_version_product_version_key', ['productId', 'version'], { unique: true })
export class HazardLogVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'change_summary', type: 'text' })
  changeSummary!: string;

  @Column({ type: 'jsonb' })
  hazards!: Hazard[];

  @Column({ type: 'jsonb' })
  controls!: Control[];

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by' })
  issuer?: UserEntity;
}

/** The CSO's sign-off of a version: who, registration, when, statement, residual risks. Append-only. */
@Entity({ name: 'hazard_log_approval' })
@Check('hazard_log_approval_statement_check', `btrim("statement") <> ''`)
export class HazardLogApprovalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Index('hazard_log_approval_version_key', { unique: true })
  @Column({ name: 'hazard_log_version_id', type: 'uuid' })
  hazardLogVersionId!: string;

  @ManyToOne(() => HazardLogVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hazard_log_version_id' })
  hazardLogVersion?: HazardLogVersionEntity;

  @Column({ name: 'approver_user_id', type: 'uuid' })
  approverUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approver_user_id' })
  approver?: UserEntity;

  @Column({ name: 'approver_name', type: 'text' })
  approverName!: string;

  @Column({ type: 'text' })
  profession!: string;

  @Column({ name: 'professional_registration', type: 'text' })
  professionalRegistration!: string;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'residual_risk_profile', type: 'jsonb' })
  residualRiskProfile!: ResidualRiskProfile;

  @CreateDateColumn({ name: 'approved_at', type: 'timestamptz' })
  approvedAt!: Date;
}

/** A suggested hazard from an imported published hazard log, for a CSO to adopt into a product's log. */
@Entity({ name: 'hazard_library_item' })
@Index('hazard_library_item_source_number_key', ['organisationId', 'source', 'number'], { unique: true })
export class HazardLibraryItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  /** The library it came from (the imported file's name, or a name given at import). */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'source_row', type: 'integer' })
  sourceRow!: number;

  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'hazard_type', type: 'text', nullable: true })
  hazardType!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'potential_clinical_impact', type: 'text', default: '' })
  potentialClinicalImpact!: string;

  @Column({ name: 'possible_causes', type: 'text', default: '' })
  possibleCauses!: string;

  @Column({ name: 'suggested_actions', type: 'text', default: '' })
  suggestedActions!: string;

  @Column({ type: 'text', default: '' })
  links!: string;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}

export const CLINICAL_SAFETY_ENTITIES = [
  RiskPlanEntity,
  ClinicalSafetyOfficerEntity,
  HazardCounterEntity,
  HazardLibraryItemEntity,
  HazardEntity,
  HazardJourneyEntity,
  HazardControlEntity,
  HazardControlLinkEntity,
  HazardLogVersionEntity,
  HazardLogApprovalEntity,
];
