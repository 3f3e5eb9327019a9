import AcUnitIcon from '@mui/icons-material/AcUnit';
import type { ChangeFreezeDto } from '@pairline/contracts';
import { ChangeFreezeCreate } from './ChangeFreezeCreate';
import { ChangeFreezeEdit } from './ChangeFreezeEdit';
import { ChangeFreezeList } from './ChangeFreezeList';

/** Provider change-freeze windows (create, edit and delete need `journeys.write`). */
export default {
  list: ChangeFreezeList,
  create: ChangeFreezeCreate,
  edit: ChangeFreezeEdit,
  icon: AcUnitIcon,
  recordRepresentation: (record: ChangeFreezeDto) => `${record.startsOn} → ${record.endsOn}`,
  options: { label: 'Change freezes' },
};
