import { ApiTokenEntity } from '../api-tokens/api-token.entity';
import { AuditCheckpointEntity } from '../audit/audit-checkpoint.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { SecurityEventEntity } from '../auth/security-event.entity';
import { SessionEntity } from '../auth/session.entity';
import { InvitationEntity } from '../invitations/invitation.entity';
import { MembershipEntity } from '../members/membership.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { BlockingItemEntity } from '../blocking-items/blocking-item.entity';
import { ChangeFreezeEntity } from '../change-freezes/change-freeze.entity';
import { GateOverrideEntity } from '../journeys/gate-override.entity';
import { JourneyStageEntity } from '../journeys/journey-stage.entity';
import { JourneyEntity } from '../journeys/journey.entity';
import { JourneyFollowerEntity } from '../journeys/journey-follower.entity';
import { ProductEntity } from '../products/product.entity';
import { DocumentFileEntity } from '../documents/document-file.entity';
import { ScalRequirementEntity, ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { ScalImportRunEntity } from '../scal-templates/scal-import-run.entity';
import { ScalAnswerEntity, ScalEntity, ScalJourneyEntity } from '../scals/scal.entity';
import { EvidenceFileEntity, EvidenceItemEntity, EvidenceLinkEntity, EvidenceRevisionEntity } from '../evidence/evidence.entity';
import { ScalCommentEntity, ScalSnapshotEntity } from '../scals/scal-review.entity';
import { Im1AvailabilityEntity, MechanismEntity } from '../reference-data/mechanism.entity';
import { ProviderSupplierEntity } from '../reference-data/provider-supplier.entity';
import { JourneyForecastSnapshotEntity, TimelineBaselineEntity, TimelineBaselineStageEntity } from '../timeline/timeline.entity';
import { ExecutiveReportEntity } from '../reports/executive-report.entity';
import { UserEntity } from '../users/user.entity';
import { CLINICAL_SAFETY_ENTITIES } from '../clinical-safety/clinical-safety.entities';
import { REMINDER_ENTITIES } from '../reminders/reminder.entities';

/** Every TypeORM entity, listed explicitly so the build needs no file globbing. */
export const ENTITIES = [
  ProviderSupplierEntity,
  OrganisationEntity,
  UserEntity,
  MembershipEntity,
  InvitationEntity,
  ApiTokenEntity,
  SessionEntity,
  SecurityEventEntity,
  AuditEventEntity,
  AuditCheckpointEntity,
  MechanismEntity,
  Im1AvailabilityEntity,
  ProductEntity,
  JourneyEntity,
  JourneyStageEntity,
  GateOverrideEntity,
  JourneyFollowerEntity,
  BlockingItemEntity,
  ChangeFreezeEntity,
  DocumentFileEntity,
  ScalTemplateEntity,
  ScalRequirementEntity,
  ScalImportRunEntity,
  ScalEntity,
  ScalJourneyEntity,
  ScalAnswerEntity,
  EvidenceItemEntity,
  EvidenceRevisionEntity,
  EvidenceFileEntity,
  EvidenceLinkEntity,
  JourneyForecastSnapshotEntity,
  TimelineBaselineEntity,
  TimelineBaselineStageEntity,
  ExecutiveReportEntity,
  ScalCommentEntity,
  ScalSnapshotEntity,
  ...REMINDER_ENTITIES,
  ...CLINICAL_SAFETY_ENTITIES,
];
