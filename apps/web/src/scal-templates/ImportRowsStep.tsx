import { Alert, AlertTitle, Box, Chip, Stack, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { alpha } from '@mui/material/styles';
import { useState } from 'react';
import { SCAL_FIELD_LABELS } from '../scals/labels';
import type { ColumnMapping, ScalImportPreviewDto, ScalImportSheetPreview } from '../scals/scalsApi';
import { isAnswerColumn, mappedColumns, plural, rowKinds, type PreviewRowKind } from './importModel';
import { RejectedRowsTable, WarningsTable } from './ImportProblems';

const READ_AS: Record<PreviewRowKind['kind'], string> = {
  requirement: 'Requirement',
  heading: 'Sub-heading',
  rejected: 'Refused',
  layout: 'Below the table: kept as layout',
  unread: 'Not read (no mapped cell)',
};

/** The first rows of one tab as the mapping reads them: requirements, sub-headings, refusals and the layout below the table. */
const SheetRows = ({ sheet, mapping }: { sheet: ScalImportSheetPreview; mapping: ColumnMapping }) => {
  // Requirement fields first, then the answer columns, as the import reads them.
  const columns = mappedColumns(sheet, mapping).sort((a, b) => Number(isAnswerColumn(a.target)) - Number(isAnswerColumn(b.target)));
  const kinds = rowKinds(sheet);
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Header on row {sheet.headerRow} · {plural(sheet.requirementRows, 'requirement')} · {plural(sheet.headingRows, 'sub-heading')} · {plural(sheet.rowsBelowTable, 'row')} below the table
        {sheet.rowCount > sheet.rows.length ? ` · first ${sheet.rows.length} of ${sheet.rowCount} rows shown` : ''}
      </Typography>
      <TableContainer sx={{ width: 0, minWidth: '100%', maxHeight: 480, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label={`Preview of ${sheet.name}`} data-testid="preview-rows" data-sheet={sheet.name}>
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              {columns.map((c) => (
                <TableCell key={c.target} sx={{ whiteSpace: 'nowrap' }}>
                  {SCAL_FIELD_LABELS[c.target]}
                  <Typography variant="caption" color="text.secondary" component="div">
                    {c.header}
                  </Typography>
                </TableCell>
              ))}
              <TableCell>Read as</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sheet.rows.map((row, i) => {
              const read = kinds[i];
              const muted = read.kind === 'layout' || read.kind === 'unread';
              return (
                <TableRow key={row.row} data-testid="preview-row" data-kind={read.kind} data-row={row.row} sx={{ bgcolor: (t) => (read.kind === 'rejected' ? alpha(t.palette.error.main, 0.08) : read.kind === 'heading' ? t.palette.action.hover : undefined) }}>
                  <TableCell sx={{ fontFamily: 'monospace', color: 'text.secondary' }}>{row.row}</TableCell>
                  {read.kind === 'heading' ? (
                    <TableCell colSpan={Math.max(columns.length, 1)} sx={{ fontWeight: 600 }}>
                      {read.text}
                    </TableCell>
                  ) : (
                    columns.map((c) => (
                      <TableCell key={c.target} sx={{ maxWidth: 320, minWidth: c.target === 'description' ? 240 : undefined, color: muted ? 'text.disabled' : undefined }}>
                        <Box sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>{row.cells[c.column] ?? ''}</Box>
                      </TableCell>
                    ))
                  )}
                  <TableCell sx={{ minWidth: 140 }}>
                    {read.kind === 'rejected' ? (
                      <Typography variant="body2" color="error">
                        {read.reason}
                      </Typography>
                    ) : (
                      <Typography variant="body2" color={muted ? 'text.secondary' : undefined}>
                        {READ_AS[read.kind]}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
};

/** What the import will make of the file: the verdict, what to fix, and each tab's first rows. */
export const ImportRowsStep = ({ preview, mapping }: { preview: ScalImportPreviewDto; mapping: ColumnMapping }) => {
  const sheets = preview.sheets.filter((s) => s.requirements);
  const [shown, setShown] = useState(sheets[0]?.name ?? '');
  const sheet = sheets.find((s) => s.name === shown) ?? sheets[0];
  return (
    <Stack spacing={2}>
      {preview.mappingProblem ? (
        <Alert severity="error" data-testid="mapping-problem">
          {preview.mappingProblem}
        </Alert>
      ) : preview.rejected.length ? (
        <Alert severity="error" data-testid="import-rejected-summary">
          <AlertTitle>{plural(preview.rejected.length, 'row')} cannot be imported</AlertTitle>
          Import is all or nothing: fix these rows in the workbook (or change a header row or the mapping) and try again.
        </Alert>
      ) : (
        <Alert severity="success" data-testid="import-ready">
          {plural(preview.requirementCount, 'requirement')} ready to import from {plural(sheets.length, 'tab')}.
        </Alert>
      )}
      {preview.rejected.length ? <RejectedRowsTable rows={preview.rejected} /> : null}
      {preview.reusedIdentifiers.length ? (
        <Alert severity="info" data-testid="reused-identifiers">
          <AlertTitle>Identifiers used on more than one tab</AlertTitle>
          {preview.reusedIdentifiers.join(', ')}. The same identifier on two tabs is two requirements: each is kept, named with its tab (for example{' '}
          <code>{`${preview.reusedIdentifiers[0]} (${sheets.find((s) => s.requirementRows > 0)?.name ?? 'Tab'})`}</code>).
        </Alert>
      ) : null}
      {preview.layoutOnlySheets.length ? (
        <Alert severity="info" data-testid="layout-only-sheets">
          Kept as layout, with no requirements: {preview.layoutOnlySheets.join(', ')}. The export writes them back unchanged.
        </Alert>
      ) : null}
      {preview.warnings.length ? (
        <Box>
          <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
            {plural(preview.warnings.length, 'warning')}: read but not understood; the import still goes ahead
          </Typography>
          <WarningsTable rows={preview.warnings} />
        </Box>
      ) : null}
      {sheet ? (
        <Box>
          <Tabs value={sheet.name} onChange={(_e, name: string) => setShown(name)} variant="scrollable" scrollButtons="auto" sx={{ borderBottom: 1, borderColor: 'divider', mb: 1 }} aria-label="Tabs with requirements">
            {sheets.map((s) => (
              <Tab
                key={s.name}
                value={s.name}
                data-testid="preview-tab"
                label={
                  <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
                    <span>{s.name}</span>
                    <Chip size="small" label={s.requirementRows} />
                  </Stack>
                }
              />
            ))}
          </Tabs>
          <SheetRows sheet={sheet} mapping={mapping} />
        </Box>
      ) : (
        <Alert severity="warning">No tab holds requirements with these settings: include a tab and map its identifier and description columns.</Alert>
      )}
    </Stack>
  );
};
