import RouteIcon from '@mui/icons-material/Route';
import type { JourneyDto } from '@pairline/contracts';
import { JourneyCreate } from './JourneyCreate';
import { JourneyList } from './JourneyList';
import { JourneyShow } from './JourneyShow';

/**
 * Pairing journeys: one per product × mechanism (× provider supplier for IM1). Changes after
 * creation go through the journey page's actions, so there is no edit view.
 */
export default {
  list: JourneyList,
  show: JourneyShow,
  create: JourneyCreate,
  icon: RouteIcon,
  recordRepresentation: (record: JourneyDto) => `${record.productName} · ${record.mechanismName}${record.providerName ? ` · ${record.providerName}` : ''}`,
  options: { label: 'Journeys' },
};
