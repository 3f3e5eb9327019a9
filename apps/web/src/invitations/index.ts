import MailIcon from '@mui/icons-material/Mail';
import type { InvitationDto } from '@pairline/contracts';
import { InvitationCreate } from './InvitationCreate';
import { InvitationList } from './InvitationList';

/** Invitations to join the current organisation (`members.manage`). */
export default {
  list: InvitationList,
  create: InvitationCreate,
  icon: MailIcon,
  recordRepresentation: (record: InvitationDto) => record.email,
  options: { label: 'Invitations' },
};
