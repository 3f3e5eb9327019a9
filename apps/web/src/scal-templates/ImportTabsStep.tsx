import { Button, Chip, MenuItem, Stack, Switch, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Tooltip, Typography } from '@mui/material';
import { SCAL_LEVELS, SCAL_REVIEW_VERDICT_LABELS, type ScalLevel, type ScalReviewVerdict, type ScalSheetSettings } from '@pairline/domain';
import { useEffect, useState } from 'react';
import { SCAL_VERDICT_SHORT_LABELS } from '../scals/labels';
import type { ScalImportPreviewDto, ScalImportSheetPreview, SheetSettings } from '../scals/scalsApi';
import { included, plural, workedOn } from './importModel';

interface TabsStepProps {
  preview: ScalImportPreviewDto;
  settings: SheetSettings;
  setSheet: (name: string, change: Partial<ScalSheetSettings>) => void;
  disabled: boolean;
}

/** The row number as typed; only a whole number from 1 reaches the settings (the API refuses anything else). */
const HeaderRowInput = ({ sheet, disabled, onChange }: { sheet: ScalImportSheetPreview; disabled: boolean; onChange: (row: number) => void }) => {
  const [text, setText] = useState(String(sheet.headerRow));
  useEffect(() => setText(String(sheet.headerRow)), [sheet.headerRow]);
  const valid = /^[1-9]\d{0,6}$/.test(text.trim());
  return (
    <TextField
      size="small"
      variant="outlined"
      type="number"
      value={text}
      disabled={disabled}
      error={!valid}
      onChange={(e) => {
        setText(e.target.value);
        if (/^[1-9]\d{0,6}$/.test(e.target.value.trim())) onChange(Number(e.target.value));
      }}
      helperText={!valid ? 'A row number from 1' : sheet.suggestedHeaderRow === null ? 'No row reads like a header' : `Suggested: ${sheet.suggestedHeaderRow}`}
      slotProps={{ htmlInput: { min: 1, step: 1, 'aria-label': `Header row of ${sheet.name}` } }}
      sx={{ width: 120 }}
      data-testid="sheet-header-row"
    />
  );
};

const Verdicts = ({ verdicts }: { verdicts: ScalImportSheetPreview['verdicts'] }) => {
  const entries = Object.entries(verdicts).filter(([, n]) => n) as [ScalReviewVerdict, number][];
  if (entries.length === 0) return <>—</>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {entries.map(([verdict, n]) => (
        <Tooltip key={verdict} title={SCAL_REVIEW_VERDICT_LABELS[verdict]}>
          <Chip size="small" variant="outlined" label={`${n} ${SCAL_VERDICT_SHORT_LABELS[verdict].toLowerCase()}`} data-testid="sheet-verdicts" />
        </Tooltip>
      ))}
    </Stack>
  );
};

const Count = ({ n, testId }: { n: number; testId: string }) => (
  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', color: n ? undefined : 'text.disabled' }} data-testid={testId}>
    {n.toLocaleString('en-GB')}
  </TableCell>
);

/**
 * Every tab of the workbook, hidden ones too: where its header is, whether it holds requirements,
 * the level of a tab with no level column, and what the import reads on it with those settings.
 */
export const ImportTabsStep = ({ preview, settings, setSheet, disabled }: TabsStepProps) => (
  <Stack spacing={1.5}>
    <Typography variant="body2" color="text.secondary">
      Real SCAL tabs open with a title block, so the header is often on row 15 or 20: check each tab&apos;s header row. Leave out tabs that hold no
      requirements (cover, instructions, lists); they stay in the workbook as they are. A tab without a level column takes the level you choose.
    </Typography>
    <TableContainer sx={{ width: 0, minWidth: '100%', border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" aria-label="Tabs of the workbook" data-testid="import-sheets">
        <TableHead>
          <TableRow>
            <TableCell>Tab</TableCell>
            <TableCell>Include</TableCell>
            <TableCell>Header row</TableCell>
            <TableCell>Level</TableCell>
            <TableCell align="right">Requirements</TableCell>
            <TableCell align="right">Sub-headings</TableCell>
            <TableCell align="right">
              <Tooltip title="Rows after the last requirement (the tab's dropdown lists and notes), kept in the workbook as layout">
                <span>Below the table</span>
              </Tooltip>
            </TableCell>
            <TableCell align="right">Answered</TableCell>
            <TableCell>NHS England verdicts</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {preview.sheets.map((sheet) => {
            const on = included(sheet, settings);
            const rejected = preview.rejected.filter((r) => r.sheet === sheet.name).length;
            const level: ScalLevel | null = sheet.defaultLevel === null ? null : (settings[sheet.name]?.defaultLevel ?? sheet.defaultLevel);
            return (
              <TableRow key={sheet.name} data-testid="import-sheet-row" data-sheet={sheet.name} sx={{ opacity: on ? 1 : 0.6, verticalAlign: 'top' }}>
                <TableCell>
                  <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {sheet.name}
                    </Typography>
                    {sheet.state !== 'visible' ? <Chip size="small" label={sheet.state === 'veryHidden' ? 'very hidden' : 'hidden'} data-testid="sheet-hidden" /> : null}
                    {on && !sheet.requirements ? <Chip size="small" variant="outlined" label="layout only" data-testid="sheet-layout-only" /> : null}
                    {rejected ? <Chip size="small" color="error" label={`${plural(rejected, 'row')} refused`} data-testid="sheet-rejected" /> : null}
                  </Stack>
                  <Typography variant="caption" color="text.secondary">
                    {plural(sheet.rowCount, 'row')} below the header
                  </Typography>
                </TableCell>
                <TableCell>
                  <Switch
                    checked={on}
                    disabled={disabled}
                    onChange={(e) => setSheet(sheet.name, { include: e.target.checked })}
                    slotProps={{ input: { 'aria-label': `${sheet.name} holds requirements` } }}
                    data-testid="sheet-include"
                  />
                  <Typography variant="caption" component="span">
                    {on ? 'Included' : 'Left out'}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
                    <HeaderRowInput sheet={sheet} disabled={disabled || !on} onChange={(headerRow) => setSheet(sheet.name, { headerRow })} />
                    {on && sheet.suggestedHeaderRow !== null && sheet.headerRow !== sheet.suggestedHeaderRow ? (
                      <Button size="small" onClick={() => setSheet(sheet.name, { headerRow: undefined })} disabled={disabled} data-testid="sheet-use-suggested">
                        Use suggested ({sheet.suggestedHeaderRow})
                      </Button>
                    ) : null}
                  </Stack>
                </TableCell>
                <TableCell sx={{ minWidth: 130 }}>
                  {on && workedOn(sheet, settings) && level ? (
                    <TextField
                      select
                      size="small"
                      variant="outlined"
                      value={level}
                      disabled={disabled}
                      onChange={(e) => setSheet(sheet.name, { defaultLevel: e.target.value as ScalLevel })}
                      helperText="No level column"
                      slotProps={{ htmlInput: { 'aria-label': `Level of ${sheet.name}` } }}
                      sx={{ width: 130 }}
                      data-testid="sheet-level"
                    >
                      {SCAL_LEVELS.map((l) => (
                        <MenuItem key={l} value={l}>
                          {l}
                        </MenuItem>
                      ))}
                    </TextField>
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      {on && sheet.requirements ? 'From its column' : '—'}
                    </Typography>
                  )}
                </TableCell>
                <Count n={sheet.requirementRows} testId="sheet-requirements" />
                <Count n={sheet.headingRows} testId="sheet-headings" />
                <Count n={sheet.rowsBelowTable} testId="sheet-below-table" />
                <Count n={sheet.answeredRows} testId="sheet-answered" />
                <TableCell>
                  <Verdicts verdicts={sheet.verdicts} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  </Stack>
);
