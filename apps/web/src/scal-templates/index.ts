import ChecklistIcon from '@mui/icons-material/Checklist';
import type { ScalTemplateDto } from '../scals/scalsApi';
import { ScalTemplateImport } from './ScalTemplateImport';
import { ScalTemplateList } from './ScalTemplateList';
import { ScalTemplateShow } from './ScalTemplateShow';

/**
 * SCAL template versions. "Create" is the import wizard; the baseline is copied from the list.
 * Versions are never edited, so there is no edit view.
 */
export default {
  list: ScalTemplateList,
  show: ScalTemplateShow,
  create: ScalTemplateImport,
  icon: ChecklistIcon,
  recordRepresentation: (record: ScalTemplateDto) => `${record.name} v${record.version}`,
  options: { label: 'SCAL templates' },
};
