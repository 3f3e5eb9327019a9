import HistoryIcon from '@mui/icons-material/History';
import type { AuditEventDto } from '@pairline/contracts';
import { AuditEventList } from './AuditEventList';

/** Read-only audit log (`audit.read`). */
export default {
  list: AuditEventList,
  icon: HistoryIcon,
  recordRepresentation: (record: AuditEventDto) => `#${record.seq} ${record.action}`,
  options: { label: 'Audit log' },
};
