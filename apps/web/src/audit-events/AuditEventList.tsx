import { Chip } from '@mui/material';
import type { AuditEventDto } from '@pairline/contracts';
import {
  Datagrid,
  DateField,
  DateTimeInput,
  FilterButton,
  FunctionField,
  List,
  NumberField,
  TextField,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { useCan } from '../auth';
import { AuditEventDetail } from './AuditEventDetail';
import { ChangesField } from './ChangesField';
import { ExportCsvButton } from './ExportCsvButton';
import { VerifyChainButton } from './VerifyChainButton';

/** The API takes ISO date-times; the input gives local "YYYY-MM-DDTHH:mm". */
const toIso = (value: string) => (value ? new Date(value).toISOString() : null);

const filters = [
  <TextInput key="action" source="action" label="Action" alwaysOn placeholder="e.g. member.role_changed" />,
  <TextInput key="entityType" source="entityType" label="Entity type" />,
  <TextInput key="entityId" source="entityId" label="Entity ID" />,
  <TextInput key="actorUserId" source="actorUserId" label="Actor user ID" />,
  <DateTimeInput key="from" source="from" label="From" parse={toIso} />,
  <DateTimeInput key="to" source="to" label="To" parse={toIso} />,
];

const AuditEventListActions = () => {
  const can = useCan();
  return (
    <TopToolbar>
      <FilterButton />
      {can('audit.export') ? <ExportCsvButton /> : null}
      <VerifyChainButton />
    </TopToolbar>
  );
};

/** The organisation's append-only, hash-chained audit log (`audit.read`). */
export const AuditEventList = () => (
  <List<AuditEventDto>
    title="Audit log"
    filters={filters}
    actions={<AuditEventListActions />}
    // Keep the toolbar (verify, export) even for an organisation with no events yet.
    empty={false}
    sort={{ field: 'seq', order: 'DESC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick="expand" expand={<AuditEventDetail />} bulkActionButtons={false} data-testid="audit-events-list">
      <NumberField<AuditEventDto> source="seq" label="#" />
      <DateField<AuditEventDto> locales="en-GB" source="occurredAt" label="When" showTime />
      <TextField<AuditEventDto> source="actorLabel" label="Actor" sortable={false} />
      <FunctionField<AuditEventDto>
        source="action"
        label="Action"
        render={(record) => <Chip size="small" variant="outlined" label={record.action} sx={{ fontFamily: 'monospace' }} data-testid="audit-action" />}
      />
      <TextField<AuditEventDto> source="entityType" label="Entity" />
      <TextField<AuditEventDto> source="entityId" label="Entity ID" sortable={false} emptyText="—" />
      <ChangesField label="Changes" sortable={false} />
    </Datagrid>
  </List>
);
