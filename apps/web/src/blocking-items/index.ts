import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import type { BlockingItemDto } from '@pairline/contracts';
import { BlockingItemList } from './BlockingItemList';

/** Blocking items across journeys (read); they are added and resolved on their journey's page. */
export default {
  list: BlockingItemList,
  icon: ReportProblemIcon,
  recordRepresentation: (record: BlockingItemDto) => record.title,
  options: { label: 'Blocking items' },
};
