import MailIcon from '@mui/icons-material/Mail';
import { Box, Typography } from '@mui/material';
import type { InvitationDto } from '@pairline/contracts';
import {
  CreateButton,
  Datagrid,
  DateField,
  DeleteWithConfirmButton,
  EmailField,
  List,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { RoleField } from '../common/RoleChip';
import { InvitationStatusChip } from './InvitationStatusChip';

const InvitationListActions = () => (
  <TopToolbar>
    <CreateButton label="Invite member" data-testid="invite-member" aria-label="Invite member" />
  </TopToolbar>
);

const InvitationsEmpty = () => (
  <Box sx={{ textAlign: 'center', mt: 6 }} data-testid="invitations-empty">
    <MailIcon sx={{ fontSize: 72, color: 'text.disabled' }} />
    <Typography variant="h6" component="p" sx={{ mb: 1 }}>
      No invitations yet
    </Typography>
    <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
      Invite colleagues by email; they choose their own password when they accept.
    </Typography>
    <CreateButton variant="contained" label="Invite member" data-testid="invite-member" aria-label="Invite member" />
  </Box>
);

/** DELETE revokes a pending invitation; the record stays, with status "revoked". */
const RevokeInvitationButton = (_props: { label?: string }) => {
  const record = useRecordContext<InvitationDto>();
  if (!record || record.status !== 'pending') return null;
  return (
    <DeleteWithConfirmButton
      label="Revoke"
      aria-label={`Revoke the invitation for ${record.email}`}
      confirmTitle={`Revoke the invitation for ${record.email}?`}
      confirmContent="The link in the invitation email will stop working. You can invite them again later."
      confirmColor="warning"
      successMessage="Invitation revoked"
      redirect={false}
    />
  );
};

/** Invitations sent from this organisation. Needs `members.manage` (the resource is not registered otherwise). */
export const InvitationList = () => (
  <List<InvitationDto>
    title="Invitations"
    actions={<InvitationListActions />}
    empty={<InvitationsEmpty />}
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick={false} bulkActionButtons={false} data-testid="invitations-list">
      <EmailField<InvitationDto> source="email" />
      <RoleField label="Role" sortable={false} />
      <InvitationStatusChip label="Status" sortable={false} />
      <DateField<InvitationDto> locales="en-GB" source="createdAt" label="Sent" showTime />
      <DateField<InvitationDto> locales="en-GB" source="expiresAt" label="Expires" showTime />
      <DateField<InvitationDto> locales="en-GB" source="acceptedAt" label="Accepted" showTime emptyText="—" sortable={false} />
      <RevokeInvitationButton label="" />
    </Datagrid>
  </List>
);
