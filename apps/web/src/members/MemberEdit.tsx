import { ROLE_LABELS, type MemberDto } from '@pairline/contracts';
import {
  DateField,
  Edit,
  Labeled,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  Toolbar,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
} from 'react-admin';
import { errorCode, errorMessage } from '../auth';
import { roleChoices } from '../common/RoleChip';
import { RemoveMemberButton } from './MemberList';

const MemberTitle = () => {
  const record = useRecordContext<MemberDto>();
  return <span>{record ? `Member: ${record.name}` : 'Member'}</span>;
};

const MemberEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton label="Save role" />
    <RemoveMemberButton redirect="list" />
  </Toolbar>
);

/** The API takes only the role and the version read (optimistic concurrency). */
const toUpdate = (data: MemberDto) => ({ role: data.role, version: data.version });

export const MemberEdit = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  return (
    <Edit<MemberDto>
      title={<MemberTitle />}
      mutationMode="pessimistic"
      transform={toUpdate}
      mutationOptions={{
        onSuccess: (member: MemberDto) => {
          notify(`${member.name} is now ${ROLE_LABELS[member.role] ?? member.role}`, { type: 'success' });
          redirect('list', 'members');
        },
        onError: (error) => {
          notify(errorMessage(error), { type: 'error' });
          // Someone else changed the membership: show them what it is now.
          if (errorCode(error) === 'stale_version') refresh();
        },
      }}
    >
      <SimpleForm toolbar={<MemberEditToolbar />}>
        <Labeled label="Name">
          <TextField<MemberDto> source="name" />
        </Labeled>
        <Labeled label="Email">
          <TextField<MemberDto> source="email" />
        </Labeled>
        <Labeled label="Member since">
          <DateField<MemberDto> locales="en-GB" source="createdAt" />
        </Labeled>
        <SelectInput source="role" label="Role" choices={roleChoices()} validate={required()} />
      </SimpleForm>
    </Edit>
  );
};
