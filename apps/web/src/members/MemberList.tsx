import { Typography } from '@mui/material';
import type { MemberDto } from '@pairline/contracts';
import {
  CreateButton,
  Datagrid,
  DateField,
  DeleteWithConfirmButton,
  EmailField,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { useCan, useSession } from '../auth';
import { RoleField, roleChoices } from '../common/RoleChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search name or email" />,
  <SelectInput key="role" source="role" label="Role" choices={roleChoices()} />,
];

const MemberListActions = () => {
  const can = useCan();
  return (
    <TopToolbar>
      <FilterButton />
      {can('members.manage') ? (
        <CreateButton resource="invitations" label="Invite member" data-testid="invite-member" aria-label="Invite member" />
      ) : null}
    </TopToolbar>
  );
};

const RemoveMemberTitle = () => {
  const record = useRecordContext<MemberDto>();
  return <>Remove {record?.name ?? 'this member'}?</>;
};

/** Removes the membership (not the user account); the API refuses to remove the last admin. */
export const RemoveMemberButton = ({ redirect = false }: { redirect?: 'list' | false }) => {
  const record = useRecordContext<MemberDto>();
  const session = useSession();
  if (!record) return null;
  const isSelf = record.userId === session?.user.id;
  return (
    <DeleteWithConfirmButton
      label="Remove"
      aria-label={`Remove ${record.name}`}
      confirmTitle={<RemoveMemberTitle />}
      confirmContent={
        <Typography variant="body2">
          {isSelf
            ? 'You are removing yourself: you will lose access to this organisation immediately.'
            : `${record.name} (${record.email}) will lose access to this organisation immediately. Their account and the audit history are kept.`}
        </Typography>
      }
      successMessage="Member removed"
      redirect={redirect}
    />
  );
};

export const MemberList = () => {
  const can = useCan();
  const manage = can('members.manage');
  return (
    <List<MemberDto>
      title="Members"
      filters={filters}
      actions={<MemberListActions />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
    >
      <Datagrid rowClick={manage ? 'edit' : false} bulkActionButtons={false} data-testid="members-list">
        <TextField<MemberDto> source="name" />
        <EmailField<MemberDto> source="email" />
        <RoleField label="Role" sortBy="role" />
        <DateField<MemberDto> locales="en-GB" source="createdAt" label="Member since" />
        {manage ? <RemoveMemberButton /> : null}
      </Datagrid>
    </List>
  );
};
