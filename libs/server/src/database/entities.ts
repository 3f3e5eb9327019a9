import { ApiTokenEntity } from '../api-tokens/api-token.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { SecurityEventEntity } from '../auth/security-event.entity';
import { SessionEntity } from '../auth/session.entity';
import { InvitationEntity } from '../invitations/invitation.entity';
import { MembershipEntity } from '../members/membership.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ProviderSupplierEntity } from '../reference-data/provider-supplier.entity';
import { UserEntity } from '../users/user.entity';

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
];
