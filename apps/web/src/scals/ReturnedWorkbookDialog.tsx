import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ScalResponse, ScalReviewVerdict } from '@pairline/domain';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import type { PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { SCAL_RESPONSE_LABELS } from './labels';
import { ScalVerdictChip } from './ScalChips';
import type { ScalDetailDto, ScalWorkbookImportDto } from './scalsApi';
import { useScalCache } from './useScalCache';

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

const Figure = ({ n, label, testId }: { n: number; label: string; testId: string }) => (
  <Box sx={{ minWidth: 110 }}>
    <Typography variant="h5" component="div" data-testid={testId}>
      {n.toLocaleString('en-GB')}
    </Typography>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
  </Box>
);

const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId: string }) => (
  <Box data-testid={testId}>
    <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
      {title}
    </Typography>
    {children}
  </Box>
);

const SmallTable = ({ head, rows, label }: { head: string[]; rows: ReactNode[][]; label: string }) => (
  <Box sx={{ maxHeight: 240, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
    <Table size="small" stickyHeader aria-label={label}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((cells, i) => (
          <TableRow key={i}>
            {cells.map((c, j) => (
              <TableCell key={j} sx={{ verticalAlign: 'top' }}>
                {c}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);

/** What the returned workbook did to the SCAL: matched and changed rows, verdicts, and what was kept or not matched. */
const ImportResult = ({ result, onClose }: { result: ScalWorkbookImportDto; onClose: () => void }) => {
  const verdicts = Object.entries(result.verdicts).filter(([, n]) => n) as [ScalReviewVerdict, number][];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="scal-workbook-result">
      <DialogTitle>{result.file.filename} applied to the SCAL</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Figure n={result.matched} label="rows matched" testId="scal-workbook-matched" />
            <Figure n={result.updated} label="requirements updated" testId="scal-workbook-updated" />
            <Figure n={result.answersFilled} label="answers filled in" testId="scal-workbook-answers-filled" />
            <Figure n={result.conflicts.length} label="differences (ours kept)" testId="scal-workbook-conflict-count" />
          </Stack>
          <Section title="NHS England's verdicts" testId="scal-workbook-verdicts">
            {verdicts.length ? (
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                {verdicts.map(([verdict, n]) => (
                  <Stack key={verdict} direction="row" spacing={0.5} sx={{ alignItems: 'center' }} data-testid="scal-workbook-verdict" data-verdict={verdict}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {n} ×
                    </Typography>
                    <ScalVerdictChip verdict={verdict} short />
                  </Stack>
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">
                No verdict in the review column.
              </Typography>
            )}
          </Section>
          {result.exportsIntoThisWorkbook ? (
            <Alert severity="info">Exports of this SCAL now write into this workbook, so NHS England&apos;s review columns go back as it left them.</Alert>
          ) : null}
          {result.missingSheets.length ? <Alert severity="warning" data-testid="scal-workbook-missing-sheets">Tabs of the template this workbook does not have: {result.missingSheets.join(', ')}.</Alert> : null}
          {result.conflicts.length ? (
            <Section title="Where the workbook disagrees, the SCAL's answer was kept" testId="scal-workbook-conflicts">
              <SmallTable label="Conflicts" head={['Requirement', 'Field', 'In the SCAL (kept)', 'In the workbook']} rows={result.conflicts.map((c) => [c.identifier, c.field, c.field === 'response' ? (SCAL_RESPONSE_LABELS[c.scal as ScalResponse] ?? c.scal) : c.scal, c.workbook])} />
            </Section>
          ) : null}
          {result.unmatched.length ? (
            <Section title="Rows with an identifier no requirement of this SCAL has (not applied)" testId="scal-workbook-unmatched">
              <SmallTable label="Unmatched rows" head={['Tab', 'Row', 'Identifier']} rows={result.unmatched.map((u) => [u.sheet, u.row, u.identifier])} />
            </Section>
          ) : null}
          {result.warnings.length ? (
            <Section title="Read but not understood" testId="scal-workbook-warnings">
              <SmallTable label="Warnings" head={['Tab', 'Row', 'Message']} rows={result.warnings.map((w) => [w.sheet, w.row, w.message])} />
            </Section>
          ) : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} data-testid="scal-workbook-result-close">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * A SCAL workbook coming back (NHS England's verdicts in its review column, or an offline copy):
 * uploaded once, matched to the requirements by tab and identifier, its verdicts applied.
 */
export const ReturnedWorkbookDialog = ({ scal, onClose }: { scal: ScalDetailDto; onClose: () => void }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const cache = useScalCache();
  const [file, setFile] = useState<File | null>(null);
  const apply = useMutation({
    mutationFn: (chosen: File) => dataProvider.importScalWorkbook(scal.id, chosen),
    onSuccess: (result) => {
      cache.reload(scal.id, scal.journeyIds);
      notify(`${result.updated} requirement${result.updated === 1 ? '' : 's'} updated from ${result.file.filename}`, { type: 'success' });
    },
  });
  if (apply.data) return <ImportResult result={apply.data} onClose={onClose} />;
  return (
    <FormDialog open title="Import a returned workbook" submitLabel="Import" onClose={onClose} onSubmit={() => file && apply.mutate(file)} pending={apply.isPending} error={apply.error} testId="scal-workbook-dialog" canSubmit={!!file}>
      <Typography variant="body2" color="text.secondary">
        The SCAL workbook as it came back: NHS England&apos;s verdicts in its review column set the requirements&apos; statuses; answers fill only what
        this SCAL has not answered (where they differ, this SCAL&apos;s answer is kept and the difference listed).
      </Typography>
      <Box>
        <Button variant="outlined" component="label" startIcon={<UploadFileIcon />} disabled={apply.isPending}>
          Choose file
          <input type="file" hidden accept={ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="scal-workbook-input" />
        </Button>
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="scal-workbook-file-name">
          {file ? `${file.name} (${Math.ceil(file.size / 1024).toLocaleString('en-GB')} KB)` : 'No file chosen'}
        </Typography>
      </Box>
      {apply.isPending ? <LinearProgress aria-label="Reading the workbook" /> : null}
    </FormDialog>
  );
};
