import FolderCopyIcon from '@mui/icons-material/FolderCopy';
import type { EvidenceItemDto } from '@pairline/contracts';
import { EvidenceCreate } from './EvidenceCreate';
import { EvidenceList } from './EvidenceList';
import { EvidenceShow } from './EvidenceShow';

/** The evidence vault: items with append-only revisions and files, linked to SCAL requirements. */
export default {
  list: EvidenceList,
  show: EvidenceShow,
  create: EvidenceCreate,
  icon: FolderCopyIcon,
  recordRepresentation: (record: EvidenceItemDto) => record.title,
  options: { label: 'Evidence' },
};
