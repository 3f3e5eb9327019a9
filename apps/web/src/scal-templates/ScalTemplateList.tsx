import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Typography } from '@mui/material';
import { CreateButton, Datagrid, DateField, FunctionField, List, NumberField, SearchInput, SelectInput, TextField, TopToolbar } from 'react-admin';
import { useCan } from '../auth';
import type { ScalTemplateListItemDto } from '../scals/scalsApi';
import { BaselineChip } from './BaselineChip';
import { CopyBaselineButton } from './CopyBaselineButton';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search name or key" />,
  <SelectInput
    key="baseline"
    source="baseline"
    label="Origin"
    alwaysOn
    choices={[
      { id: 'false', name: 'Imported' },
      { id: 'true', name: 'Built-in baseline' },
    ]}
  />,
];

const Actions = () => {
  const can = useCan();
  if (!can('scal.write')) return <TopToolbar />;
  return (
    <TopToolbar>
      <CopyBaselineButton />
      <CreateButton label="Import xlsx / CSV" icon={<UploadFileIcon />} data-testid="import-scal-template" />
    </TopToolbar>
  );
};

const Empty = () => {
  const can = useCan();
  return (
    <Box sx={{ textAlign: 'center', py: 6, px: 2, width: '100%' }} data-testid="scal-templates-empty">
      <Typography variant="h6" gutterBottom>
        No SCAL templates yet
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 560, mx: 'auto' }}>
        Import the SCAL workbook NHS England sent you (xlsx, or CSV exported from it), or copy the built-in baseline: a starting point written from
        public guidance, not NHS England&apos;s document.
      </Typography>
      {can('scal.write') ? (
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center' }}>
          <CopyBaselineButton />
          <CreateButton label="Import xlsx / CSV" icon={<UploadFileIcon />} variant="contained" data-testid="import-scal-template" />
        </Box>
      ) : null}
    </Box>
  );
};

/**
 * The organisation's SCAL template versions. A version is never edited: importing the same key
 * again (or copying the baseline again) makes the next version.
 */
export const ScalTemplateList = () => (
  <List<ScalTemplateListItemDto> title="SCAL templates" filters={filters} actions={<Actions />} empty={<Empty />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false} data-testid="scal-templates-list" size="small">
      <TextField<ScalTemplateListItemDto> source="name" label="Name" />
      <TextField<ScalTemplateListItemDto> source="key" label="Key" sx={{ fontFamily: 'monospace' }} />
      <NumberField<ScalTemplateListItemDto> source="version" label="Version" />
      <NumberField<ScalTemplateListItemDto> source="requirementCount" label="Requirements" sortable={false} data-testid="scal-template-requirement-count" />
      <FunctionField<ScalTemplateListItemDto> label="Origin" sortable={false} render={(record) => <BaselineChip baseline={record.baseline} />} />
      <TextField<ScalTemplateListItemDto> source="sourceNote" label="Source" emptyText="—" sortable={false} />
      <DateField<ScalTemplateListItemDto> source="createdAt" label="Added" locales="en-GB" showTime />
    </Datagrid>
  </List>
);
