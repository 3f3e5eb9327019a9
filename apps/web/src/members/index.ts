import PeopleIcon from '@mui/icons-material/People';
import type { MemberDto } from '@pairline/contracts';
import { MemberEdit } from './MemberEdit';
import { MemberList } from './MemberList';

/** People in the current organisation and their roles. Edit (role change) needs `members.manage`. */
export default {
  list: MemberList,
  edit: MemberEdit,
  icon: PeopleIcon,
  recordRepresentation: (record: MemberDto) => record.name,
  options: { label: 'Members' },
};
