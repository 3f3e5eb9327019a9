import { Alert, Box, Button, Chip, ListSubheader, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Tooltip, Typography } from '@mui/material';
import { REQUIRED_IMPORT_FIELDS, SCAL_IMPORT_FIELDS, SCAL_WRITTEN_ANSWER_COLUMNS, type ScalMappingTarget } from '@pairline/domain';
import { useState } from 'react';
import { SCAL_FIELD_LABELS } from '../scals/labels';
import type { ColumnMapping, ScalImportPreviewDto } from '../scals/scalsApi';
import type { DistinctHeader } from './importModel';

/** NHS England's columns: read on import, never written by an export. */
const REVIEW_COLUMNS: readonly ScalMappingTarget[] = ['review', 'reviewComment'];

const TargetSelect = ({ header, value, disabled, onChange }: { header: string; value: ScalMappingTarget | null; disabled: boolean; onChange: (target: ScalMappingTarget | null) => void }) => (
  <TextField
    select
    size="small"
    variant="outlined"
    value={value ?? ''}
    disabled={disabled}
    onChange={(e) => onChange((e.target.value || null) as ScalMappingTarget | null)}
    slotProps={{ select: { displayEmpty: true }, htmlInput: { 'aria-label': `Column "${header}" maps to` } }}
    sx={{ width: 300 }}
    data-testid="mapping-select"
  >
    <MenuItem value="">
      <em>Ignore this column</em>
    </MenuItem>
    <ListSubheader>Requirement fields</ListSubheader>
    {SCAL_IMPORT_FIELDS.map((f) => (
      <MenuItem key={f} value={f}>
        {SCAL_FIELD_LABELS[f]}
      </MenuItem>
    ))}
    <ListSubheader>Supplier answer columns (read, and written on export)</ListSubheader>
    {SCAL_WRITTEN_ANSWER_COLUMNS.map((f) => (
      <MenuItem key={f} value={f}>
        {SCAL_FIELD_LABELS[f]}
      </MenuItem>
    ))}
    <ListSubheader>NHS England review columns (read only)</ListSubheader>
    {REVIEW_COLUMNS.map((f) => (
      <MenuItem key={f} value={f}>
        {SCAL_FIELD_LABELS[f]}
      </MenuItem>
    ))}
  </TextField>
);

const TABS_SHOWN = 3;

const HeaderRows = ({ headers, mapping, disabled, mapHeader }: { headers: DistinctHeader[]; mapping: ColumnMapping; disabled: boolean; mapHeader: (key: string, target: ScalMappingTarget | null) => void }) => (
  <>
    {headers.map((h) => (
      <TableRow key={h.key} data-testid="mapping-row" data-header={h.header}>
        <TableCell sx={{ maxWidth: 360 }}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {h.header}
          </Typography>
          {h.sample ? (
            <Typography variant="caption" color="text.secondary" sx={{ display: '-webkit-box', WebkitLineClamp: 1, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
              e.g. {h.sample}
            </Typography>
          ) : null}
        </TableCell>
        <TableCell data-testid="mapping-tabs">
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {h.tabs.slice(0, TABS_SHOWN).map((t) => (
              <Chip key={t} size="small" variant="outlined" label={t} />
            ))}
            {h.tabs.length > TABS_SHOWN ? (
              <Tooltip title={h.tabs.slice(TABS_SHOWN).join(', ')}>
                <Chip size="small" label={`+${h.tabs.length - TABS_SHOWN} more`} />
              </Tooltip>
            ) : null}
          </Stack>
        </TableCell>
        <TableCell>
          <TargetSelect header={h.header} value={mapping[h.header] ?? null} disabled={disabled} onChange={(target) => mapHeader(h.key, target)} />
        </TableCell>
      </TableRow>
    ))}
  </>
);

interface ColumnsStepProps {
  preview: ScalImportPreviewDto;
  headers: DistinctHeader[];
  mapping: ColumnMapping;
  mapHeader: (key: string, target: ScalMappingTarget | null) => void;
  disabled: boolean;
}

/**
 * One select per distinct header over the included tabs: the same header on several tabs is one
 * column to map. Headers found only on tabs without requirements (titles, lists) are folded away.
 */
export const ImportColumnsStep = ({ preview, headers, mapping, mapHeader, disabled }: ColumnsStepProps) => {
  const [showOthers, setShowOthers] = useState(false);
  // An unusable mapping (no identifier or description column) leaves the server unable to say which
  // tabs hold requirements: then every header is shown, so the missing one can be mapped.
  const fold = !preview.mappingProblem;
  const main = headers.filter((h) => !fold || h.onRequirementTab);
  const others = headers.filter((h) => fold && !h.onRequirementTab);
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !mapped.has(f));
  const headerProblems = preview.rejected.filter((r) => preview.sheets.some((s) => s.name === r.sheet && s.headerRow === r.row));
  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" color="text.secondary">
        Pre-filled from the usual spellings. Two spellings of one field on different tabs may map to the same field; on one tab each field takes one
        column. Answer columns are read on import (a returned SCAL brings its answers); the export writes the supplier&apos;s ones back, never NHS
        England&apos;s review columns.
      </Typography>
      {missing.length ? (
        <Alert severity="warning" data-testid="mapping-missing">
          Map a column to {missing.map((f) => SCAL_FIELD_LABELS[f].toLowerCase()).join(' and ')}: a row cannot become a requirement without it.
        </Alert>
      ) : null}
      {preview.mappingProblem && !missing.length ? (
        <Alert severity="error" data-testid="mapping-problem">
          {preview.mappingProblem}
        </Alert>
      ) : null}
      {headerProblems.length ? (
        <Alert severity="error" data-testid="mapping-sheet-problems">
          {headerProblems.map((p) => (
            <div key={p.sheet}>
              <strong>{p.sheet}</strong>: {p.reason}
            </div>
          ))}
        </Alert>
      ) : null}
      <TableContainer sx={{ width: 0, minWidth: '100%', border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label="Column mapping" data-testid="column-mapping">
          <TableHead>
            <TableRow>
              <TableCell>Header in the workbook</TableCell>
              <TableCell>On tabs</TableCell>
              <TableCell>Maps to</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            <HeaderRows headers={main} mapping={mapping} disabled={disabled} mapHeader={mapHeader} />
            {others.length ? (
              <TableRow>
                <TableCell colSpan={3} sx={{ bgcolor: 'action.hover' }}>
                  <Button size="small" onClick={() => setShowOthers(!showOthers)} data-testid="mapping-show-others">
                    {showOthers ? 'Hide' : 'Show'} {others.length} header{others.length === 1 ? '' : 's'} found only on tabs without requirements
                  </Button>
                </TableCell>
              </TableRow>
            ) : null}
            {showOthers ? <HeaderRows headers={others} mapping={mapping} disabled={disabled} mapHeader={mapHeader} /> : null}
            {headers.length === 0 ? (
              <TableRow>
                <TableCell colSpan={3}>
                  <Box sx={{ py: 1, color: 'text.secondary' }}>No headers on the included tabs: check their header rows.</Box>
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
};
