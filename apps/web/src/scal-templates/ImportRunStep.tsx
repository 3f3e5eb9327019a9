import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import type { RejectedRow } from '@pairline/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useDataProvider, useNotify, useRedirect } from 'react-admin';
import { errorCode, errorMessage, type PairlineDataProvider } from '../auth';
import type { ColumnMapping, ScalImportPreviewDto, ScalImportRunDto, SheetSettings } from '../scals/scalsApi';
import { plural } from './importModel';
import { RejectedRowsTable } from './ImportProblems';

/** How often a running import is asked how far it has got. */
const POLL_MS = 500;

export interface TemplateNaming {
  name: string;
  key: string;
  sourceNote: string;
}

/**
 * How far a running import has got: rows stored of the rows checked. The server stores them in
 * one transaction, so until it ends nothing is visible elsewhere, and a failure stores nothing.
 */
const ImportRunProgress = ({ run }: { run: ScalImportRunDto }) => {
  const percent = run.totalRows > 0 ? Math.round((run.processedRows / run.totalRows) * 100) : 0;
  return (
    <Box data-testid="import-run-progress" data-status={run.status}>
      <LinearProgress variant="determinate" value={percent} color={run.status === 'failed' ? 'error' : 'primary'} aria-label="Rows stored" />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }} data-testid="import-run-count">
        {run.processedRows.toLocaleString('en-GB')} of {run.totalRows.toLocaleString('en-GB')} rows stored
        {run.status === 'completed' ? ': done' : run.status === 'running' ? '…' : ''}
      </Typography>
    </Box>
  );
};

interface RunStepProps {
  preview: ScalImportPreviewDto;
  request: { mapping: ColumnMapping; sheets: SheetSettings };
  /** The preview on screen answers the settings on screen. */
  settled: boolean;
  naming: TemplateNaming;
  onNaming: (naming: TemplateNaming) => void;
  onBack: () => void;
  onBusy: (busy: boolean) => void;
}

/** Names the template, then stores it in the background while polling how many rows are stored. */
export const ImportRunStep = ({ preview, request, settled, naming, onNaming, onBack, onBusy }: RunStepProps) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () =>
      dataProvider.startScalImportRun({ fileId: preview.file.id, ...request, name: naming.name.trim(), key: naming.key.trim(), ...(naming.sourceNote.trim() ? { sourceNote: naming.sourceNote.trim() } : {}) }),
  });
  const progress = useQuery({
    queryKey: ['scal-import-runs', run.data?.id ?? null],
    queryFn: () => dataProvider.getScalImportRun(run.data!.id),
    enabled: !!run.data,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : POLL_MS),
    retry: 3,
  });
  // The start's own answer shows the run (0 of N) until the first poll answers.
  const importRun = progress.data ?? run.data;
  useEffect(() => {
    if (importRun?.status !== 'completed' || !importRun.template) return;
    void queryClient.invalidateQueries({ queryKey: ['scal-templates'] });
    notify(`Imported ${importRun.totalRows} requirements as ${importRun.template.key} v${importRun.template.version}`, { type: 'success' });
    redirect('show', 'scal-templates', importRun.template.id);
  }, [importRun, notify, queryClient, redirect]);
  const runFailed = importRun?.status === 'failed';
  const importing = run.isPending || (!!run.data && !runFailed && !progress.error);
  useEffect(() => onBusy(importing), [importing, onBusy]);

  const serverRejected = errorCode(run.error) === 'scal_import_rejected' ? ((run.error as { body?: { details?: { rejected?: RejectedRow[] } } }).body?.details?.rejected ?? []) : [];
  const ready = !preview.mappingProblem && preview.rejected.length === 0 && preview.requirementCount > 0;
  const canImport = settled && ready && naming.name.trim() !== '' && naming.key.trim() !== '';

  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      {ready ? (
        <Alert severity="success" data-testid="import-ready">
          {plural(preview.requirementCount, 'requirement')} ready to import from {preview.file.filename}.
        </Alert>
      ) : (
        <Alert severity="error" data-testid="import-not-ready">
          {preview.mappingProblem ?? (preview.rejected.length ? `${plural(preview.rejected.length, 'row')} cannot be imported: see the rows step.` : 'No requirement to import.')}
        </Alert>
      )}
      <TextField label="Template name" value={naming.name} onChange={(e) => onNaming({ ...naming, name: e.target.value })} required disabled={importing} slotProps={{ htmlInput: { maxLength: 200 } }} />
      <TextField
        label="Key"
        value={naming.key}
        onChange={(e) => onNaming({ ...naming, key: e.target.value })}
        required
        disabled={importing}
        helperText="Versions of one template share a key: lower-case letters, digits, - or _. Importing a key that exists makes its next version."
        slotProps={{ htmlInput: { maxLength: 100 } }}
      />
      <TextField label="Where it came from" placeholder="e.g. sent by NHS England on 3 March" value={naming.sourceNote} onChange={(e) => onNaming({ ...naming, sourceNote: e.target.value })} disabled={importing} slotProps={{ htmlInput: { maxLength: 2000 } }} />
      {run.error ? (
        <Alert severity="error" data-testid="import-error">
          <AlertTitle>The server refused the import; nothing was stored</AlertTitle>
          {errorMessage(run.error)}
          {serverRejected.length ? <RejectedRowsTable rows={serverRejected} testId="server-rejected-rows" /> : null}
        </Alert>
      ) : null}
      {importRun ? <ImportRunProgress run={importRun} /> : null}
      {runFailed ? (
        <Alert severity="error" data-testid="import-error">
          <AlertTitle>The import failed; nothing was stored</AlertTitle>
          {importRun.error?.message}
        </Alert>
      ) : progress.error ? (
        <Alert severity="error" data-testid="import-error">
          <AlertTitle>Lost track of the import</AlertTitle>
          {errorMessage(progress.error)} It may still finish: look for it under SCAL templates before importing again.
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1}>
        <Button onClick={onBack} disabled={importing} data-testid="import-back">
          Back
        </Button>
        <Button variant="contained" disabled={importing || !canImport} onClick={() => run.mutate()} data-testid="import-confirm">
          {importing ? `Importing ${plural(preview.requirementCount, 'requirement')}…` : `Import ${plural(preview.requirementCount, 'requirement')}`}
        </Button>
      </Stack>
    </Stack>
  );
};
