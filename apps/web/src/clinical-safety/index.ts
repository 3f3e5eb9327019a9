import HealthAndSafetyIcon from '@mui/icons-material/HealthAndSafety';
import type { HazardDto } from '@pairline/contracts';
import { HazardCreate, HazardEdit } from './HazardEdit';
import { HazardList } from './HazardList';

export { ClinicalSafetyIndex, ClinicalSafetyPage } from './ClinicalSafetyPage';
export { HazardLibraryPage } from './HazardLibraryPage';
export { RiskPlanPage } from './RiskPlanPage';

/** The hazard log (DCB0129): hazards are withdrawn with a reason, never deleted. */
export default {
  list: HazardList,
  edit: HazardEdit,
  create: HazardCreate,
  icon: HealthAndSafetyIcon,
  recordRepresentation: (record: HazardDto) => `${record.number} ${record.name}`,
  options: { label: 'Hazard log' },
};
