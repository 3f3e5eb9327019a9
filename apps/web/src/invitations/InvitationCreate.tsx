import { Typography } from '@mui/material';
import type { InvitationDto, Role } from '@pairline/contracts';
import { Create, email, required, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, useNotify, useRedirect } from 'react-admin';
import { errorMessage } from '../auth';
import { roleChoices } from '../common/RoleChip';

interface InvitationForm {
  email: string;
  role: Role;
}

const DEFAULT_VALUES: Partial<InvitationForm> = { role: 'contributor' };

const InvitationCreateToolbar = () => (
  <Toolbar>
    <SaveButton label="Send invitation" />
  </Toolbar>
);

/** POST /api/invitations: the API emails the invitee a link to /#/accept-invitation. */
export const InvitationCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create<InvitationDto>
      title="Invite a member"
      transform={(data: InvitationForm) => ({ email: data.email.trim(), role: data.role })}
      mutationOptions={{
        onSuccess: (invitation: InvitationDto) => {
          notify(`Invitation sent to ${invitation.email}`, { type: 'success' });
          redirect('list', 'invitations');
        },
        onError: (error) => notify(errorMessage(error), { type: 'error' }),
      }}
    >
      <SimpleForm defaultValues={DEFAULT_VALUES} toolbar={<InvitationCreateToolbar />}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          We email them a link to join this organisation. It works once and expires after a few days.
        </Typography>
        <TextInput source="email" label="Email" type="email" validate={[required(), email()]} autoComplete="off" />
        <SelectInput source="role" label="Role" choices={roleChoices()} validate={required()} />
      </SimpleForm>
    </Create>
  );
};
