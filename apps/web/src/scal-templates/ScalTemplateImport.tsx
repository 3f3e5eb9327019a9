import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Step, StepButton, Stepper, Typography } from '@mui/material';
import { useCallback, useState, type ChangeEvent } from 'react';
import { Title } from 'react-admin';
import { errorMessage } from '../auth';
import { FormError } from '../common/FormError';
import { ImportColumnsStep } from './ImportColumnsStep';
import { baseName, keyFrom, plural } from './importModel';
import { ImportRowsStep } from './ImportRowsStep';
import { ImportRunStep, type TemplateNaming } from './ImportRunStep';
import { ImportTabsStep } from './ImportTabsStep';
import { useImportPreview } from './useImportPreview';

const STEPS = ['Upload the file', 'Tabs', 'Columns', 'Rows', 'Name and import'];
/** What the API accepts; the server checks the content as well, this only narrows the file picker. */
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/**
 * Import wizard. The file is uploaded once and kept by the server (an export writes back into it);
 * each later step settles what the file cannot say for itself (header rows, tabs, levels, columns),
 * every change re-reading the kept file. Nothing is stored until the last step, and then all rows
 * or none, by the server in the background while the wizard polls how many it has stored.
 */
export const ScalTemplateImport = () => {
  const state = useImportPreview();
  const [step, setStep] = useState(0);
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const [naming, setNaming] = useState<TemplateNaming>({ name: '', key: '', sourceNote: '' });
  const [running, setRunning] = useState(false);
  const onBusy = useCallback((busy: boolean) => setRunning(busy), []);
  const { preview } = state;

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setChosen({ name: file.name, size: file.size });
    setStep(0);
    state.upload(file, () => {
      // The first file read names the template until the user names it.
      setNaming((n) => ({ ...n, name: n.name || baseName(file.name), key: n.key || keyFrom(file.name) }));
      setStep(1);
    });
  };

  const busy = state.uploading || running;
  // Counted per tab, so the figure stays meaningful while some row is refused (the import's own count is then 0).
  const readRows = preview?.sheets.reduce((n, s) => n + s.requirementRows, 0) ?? 0;
  return (
    <Box sx={{ py: 2 }} data-testid="scal-import-wizard">
      <Title title="Import a SCAL template" />
      <Card>
        <CardContent>
          <Typography variant="h6" component="h1">
            Import a SCAL template
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            From the workbook NHS England sent (.xlsx) or a CSV exported from it (comma or pipe separated). The workbook is kept as it came: exports
            write your answers back into it.
          </Typography>
          <Stepper nonLinear activeStep={step} sx={{ mb: 3 }}>
            {STEPS.map((label, i) => (
              <Step key={label} completed={false}>
                <StepButton onClick={() => setStep(i)} disabled={busy || (i > 0 && !preview)} data-testid={`import-step-${i}`}>
                  {label}
                </StepButton>
              </Step>
            ))}
          </Stepper>
          <Box sx={{ height: 4, mb: 2 }}>
            {state.uploading || (state.refreshing && step > 0) ? <LinearProgress aria-label={state.uploading ? 'Uploading the file' : 'Reading the file again'} data-testid="import-progress" /> : null}
          </Box>

          {step > 0 && step < 4 && preview ? (
            <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 2, flexWrap: 'wrap', alignItems: 'center' }} data-testid="import-summary" data-settled={state.settled}>
              <Chip size="small" variant="outlined" label={preview.file.filename} />
              <Chip size="small" color={readRows ? 'success' : 'default'} label={plural(readRows, 'requirement')} data-testid="import-summary-count" />
              {preview.rejected.length ? <Chip size="small" color="error" label={`${plural(preview.rejected.length, 'row')} refused`} /> : null}
              {preview.warnings.length ? <Chip size="small" color="warning" variant="outlined" label={plural(preview.warnings.length, 'warning')} /> : null}
              {preview.mappingProblem ? <Chip size="small" color="error" variant="outlined" label="Mapping incomplete" /> : null}
            </Stack>
          ) : null}
          {state.previewError && step > 0 ? (
            <Alert severity="error" sx={{ mb: 2 }} data-testid="preview-error">
              {errorMessage(state.previewError)}
            </Alert>
          ) : null}

          {step === 0 ? (
            <Stack spacing={2} sx={{ maxWidth: 640 }}>
              <Box>
                <Button variant="contained" component="label" startIcon={<UploadFileIcon />} disabled={busy}>
                  Choose file
                  <input type="file" hidden accept={ACCEPT} onChange={choose} data-testid="import-file-input" />
                </Button>
                <Typography variant="body2" sx={{ mt: 1 }} data-testid="import-file-name">
                  {chosen ? `${chosen.name} (${Math.ceil(chosen.size / 1024).toLocaleString('en-GB')} KB)${state.uploading ? ': uploading…' : ''}` : 'No file chosen'}
                </Typography>
              </Box>
              <FormError error={state.uploadError} testId="import-read-error" />
              {preview && !state.uploading ? (
                <Box>
                  <Button variant="outlined" onClick={() => setStep(1)}>
                    Continue with {preview.file.filename}
                  </Button>
                </Box>
              ) : null}
            </Stack>
          ) : null}

          {step === 1 && preview ? <ImportTabsStep preview={preview} settings={state.settings} setSheet={state.setSheet} disabled={busy} /> : null}
          {step === 2 && preview ? <ImportColumnsStep preview={preview} headers={state.headers} mapping={state.mapping} mapHeader={state.mapHeader} disabled={busy} /> : null}
          {step === 3 && preview ? <ImportRowsStep preview={preview} mapping={state.mapping} /> : null}
          {step === 4 && preview ? (
            <ImportRunStep preview={preview} request={state.request} settled={state.settled} naming={naming} onNaming={setNaming} onBack={() => setStep(3)} onBusy={onBusy} />
          ) : null}

          {step > 0 && step < 4 ? (
            <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
              <Button onClick={() => setStep(step - 1)} disabled={busy} data-testid="import-back">
                Back
              </Button>
              <Button variant="contained" onClick={() => setStep(step + 1)} disabled={busy} data-testid="import-next">
                Next: {STEPS[step + 1]}
              </Button>
            </Stack>
          ) : null}
        </CardContent>
      </Card>
    </Box>
  );
};
