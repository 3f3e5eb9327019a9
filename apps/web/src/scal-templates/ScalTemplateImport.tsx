import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { REQUIRED_IMPORT_FIELDS, SCAL_ANSWER_COLUMNS, SCAL_IMPORT_FIELDS, type RejectedRow, type ScalMappingTarget } from '@pairline/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { Title, useDataProvider, useNotify, useRedirect } from 'react-admin';
import { errorCode, errorMessage, type PairlineDataProvider } from '../auth';
import { FormError } from '../common/FormError';
import { SCAL_FIELD_LABELS } from '../scals/labels';
import { readFileAsBase64, type ColumnMapping, type ScalImportPreviewDto, type ScalImportRunDto } from '../scals/scalsApi';

const STEPS = ['Choose a file', 'Map columns', 'Check and import'];
/** What the API accepts; the server checks the content as well, this only narrows the file picker. */
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
/** The HTTP body limit (1 MiB by default) applies to the base64 text, about 4/3 of the file. */
const LARGE_FILE_BYTES = 700 * 1024;
/** How often a running import is asked how far it has got. */
const POLL_MS = 500;

/** Requirement fields first, then the answer columns an export writes into (not read on import). */
const TARGETS: readonly ScalMappingTarget[] = [...SCAL_IMPORT_FIELDS, ...SCAL_ANSWER_COLUMNS];
type FieldChoice = Record<ScalMappingTarget, string>;

const baseName = (filename: string) => filename.replace(/\.[^.]+$/, '');
const keyFrom = (filename: string) =>
  baseName(filename)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'scal';

/** Every header of every sheet once, compared as the API compares them (trimmed, any case). */
function distinctHeaders(preview: ScalImportPreviewDto): string[] {
  const seen = new Map<string, string>();
  for (const sheet of preview.sheets) for (const header of sheet.headers) if (header.trim() && !seen.has(header.trim().toLowerCase())) seen.set(header.trim().toLowerCase(), header);
  return [...seen.values()];
}

/** The API's mapping is header → field; the wizard asks field → header, one select per field. */
function choicesFrom(mapping: ColumnMapping): FieldChoice {
  const choice = Object.fromEntries(TARGETS.map((f) => [f, ''])) as FieldChoice;
  for (const [header, field] of Object.entries(mapping)) if (field && field in choice && !choice[field]) choice[field] = header;
  return choice;
}

function mappingFrom(choice: FieldChoice, headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = Object.fromEntries(headers.map((h) => [h, null]));
  for (const field of TARGETS) if (choice[field]) mapping[choice[field]] = field;
  return mapping;
}

export const RejectedRowsTable = ({ rows, testId = 'rejected-rows' }: { rows: readonly RejectedRow[]; testId?: string }) => (
  <TableContainer sx={{ maxHeight: 320 }}>
    <Table size="small" stickyHeader aria-label="Rejected rows" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>Sheet</TableCell>
          <TableCell>Row</TableCell>
          <TableCell>Reason</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.sheet}:${r.row}:${r.reason}`} data-testid="rejected-row">
            <TableCell>{r.sheet}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{r.row}</TableCell>
            <TableCell>{r.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);

/** The first rows of each sheet as the chosen mapping reads them: one column per mapped field. */
const PreviewTable = ({ preview, choice }: { preview: ScalImportPreviewDto; choice: FieldChoice }) => {
  const fields = SCAL_IMPORT_FIELDS.filter((f) => choice[f]);
  return (
    <Stack spacing={2} data-testid="preview-rows">
      {preview.sheets.map((sheet) => {
        const index = Object.fromEntries(fields.map((f) => [f, sheet.headers.findIndex((h) => h.trim().toLowerCase() === choice[f].trim().toLowerCase())]));
        return (
          <Box key={sheet.name}>
            <Typography variant="subtitle2">
              {sheet.name} · {sheet.rowCount} row{sheet.rowCount === 1 ? '' : 's'}
              {sheet.rowCount > sheet.rows.length ? ` (first ${sheet.rows.length} shown)` : ''}
            </Typography>
            <TableContainer sx={{ maxHeight: 360, border: 1, borderColor: 'divider', borderRadius: 1 }}>
              <Table size="small" stickyHeader aria-label={`Preview of ${sheet.name}`}>
                <TableHead>
                  <TableRow>
                    <TableCell>Row</TableCell>
                    {fields.map((f) => (
                      <TableCell key={f} sx={{ whiteSpace: 'nowrap' }}>
                        {SCAL_FIELD_LABELS[f]}
                        <Typography variant="caption" color="text.secondary" component="div">
                          {choice[f]}
                        </Typography>
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {sheet.rows.map((row, i) => (
                    // Row numbers as a spreadsheet shows them: the header is row 1.
                    <TableRow key={i} data-testid="preview-row">
                      <TableCell sx={{ fontFamily: 'monospace', color: 'text.secondary' }}>{i + 2}</TableCell>
                      {fields.map((f) => (
                        <TableCell key={f} sx={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                          {index[f] >= 0 ? (row[index[f]] ?? '') : <em>not in this sheet</em>}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </Box>
        );
      })}
    </Stack>
  );
};

/** One select: which column of the file holds this field, with a sample value from the first row. */
const MappingSelect = ({
  field,
  preview,
  headers,
  choice,
  duplicated,
  onChange,
}: {
  field: ScalMappingTarget;
  preview: ScalImportPreviewDto;
  headers: string[];
  choice: FieldChoice;
  duplicated: string[];
  onChange: (header: string) => void;
}) => {
  const required = (REQUIRED_IMPORT_FIELDS as readonly string[]).includes(field);
  const sheet = preview.sheets.find((s) => s.headers.includes(choice[field]));
  const sample = sheet?.rows[0]?.[sheet.headers.indexOf(choice[field])];
  const clash = duplicated.includes(choice[field]);
  return (
    <TextField
      select
      size="small"
      label={SCAL_FIELD_LABELS[field]}
      required={required}
      value={choice[field]}
      onChange={(e) => onChange(e.target.value)}
      error={(required && !choice[field]) || clash}
      helperText={clash ? 'This column is chosen for another field too' : sample ? `e.g. ${sample.slice(0, 80)}` : field === 'section' ? 'None: the sheet (or file) name is the section' : ' '}
      data-testid={`mapping-${field}`}
    >
      <MenuItem value="">
        <em>Not in this file</em>
      </MenuItem>
      {headers.map((h) => (
        <MenuItem key={h} value={h}>
          {h}
        </MenuItem>
      ))}
    </TextField>
  );
};

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

/**
 * Import wizard: the file is read in the browser and sent as base64 JSON (the API has no multipart
 * endpoint for templates). Nothing is stored until the last step, and then all rows or none,
 * stored by the server in the background while the wizard polls how many it has stored.
 */
export const ScalTemplateImport = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<{ filename: string; contentBase64: string; size: number } | null>(null);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [choice, setChoice] = useState<FieldChoice | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const detect = useMutation({
    mutationFn: (upload: { filename: string; contentBase64: string }) => dataProvider.previewScalImport(upload),
    onSuccess: (preview) => {
      setChoice(choicesFrom(preview.suggestedMapping));
      setStep(1);
    },
  });
  const headers = useMemo(() => (detect.data ? distinctHeaders(detect.data) : []), [detect.data]);
  const check = useMutation({
    mutationFn: (mapping: ColumnMapping) => dataProvider.previewScalImport({ filename: file!.filename, contentBase64: file!.contentBase64, mapping }),
    onSuccess: () => setStep(2),
  });
  const run = useMutation({
    mutationFn: () => dataProvider.startScalImportRun({ filename: file!.filename, contentBase64: file!.contentBase64, mapping: mappingFrom(choice!, headers), name: name.trim(), key: key.trim() }),
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
  const busy = detect.isPending || check.isPending || importing;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setReadError(null);
    detect.reset();
    check.reset();
    run.reset();
    try {
      const contentBase64 = await readFileAsBase64(chosen);
      setFile({ filename: chosen.name, contentBase64, size: chosen.size });
      if (!name) setName(baseName(chosen.name));
      if (!key) setKey(keyFrom(chosen.name));
    } catch (error) {
      setReadError(errorMessage(error));
    }
  };

  const missingRequired = choice ? REQUIRED_IMPORT_FIELDS.filter((f) => !choice[f]) : [];
  const used = choice ? Object.values(choice).filter(Boolean) : [];
  const duplicated = used.filter((h, i) => used.indexOf(h) !== i);
  const preview = check.data;
  const serverRejected = errorCode(run.error) === 'scal_import_rejected' ? ((run.error as { body?: { details?: { rejected?: RejectedRow[] } } }).body?.details?.rejected ?? []) : [];
  const canImport = !!preview && !preview.mappingProblem && preview.rejected.length === 0 && preview.requirementCount > 0 && name.trim() !== '' && key.trim() !== '';

  return (
    <Box sx={{ py: 2 }} data-testid="scal-import-wizard">
      <Title title="Import a SCAL template" />
      <Card>
        <CardContent>
          <Typography variant="h6" component="h1">
            Import a SCAL template
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            From the workbook NHS England sent (.xlsx, one tab per section) or a CSV exported from it (comma or pipe separated). Real workbooks name
            their columns differently: you choose which column holds what. Importing a key that exists makes its next version.
          </Typography>
          <Stepper activeStep={step} sx={{ mb: 3 }}>
            {STEPS.map((label) => (
              <Step key={label}>
                <StepLabel>{label}</StepLabel>
              </Step>
            ))}
          </Stepper>
          <Box sx={{ height: 4, mb: 2 }}>{busy && !importRun ? <LinearProgress aria-label={importing ? 'Checking the file' : 'Reading the file'} data-testid="import-progress" /> : null}</Box>

          {step === 0 ? (
            <Stack spacing={2} sx={{ maxWidth: 640 }}>
              <Box>
                <Button variant="outlined" component="label" startIcon={<UploadFileIcon />} disabled={busy}>
                  Choose file
                  <input type="file" hidden accept={ACCEPT} onChange={(e) => void choose(e)} data-testid="import-file-input" />
                </Button>
                <Typography variant="body2" sx={{ mt: 1 }} data-testid="import-file-name">
                  {file ? `${file.filename} (${Math.ceil(file.size / 1024)} KB)` : 'No file chosen'}
                </Typography>
                {file && file.size > LARGE_FILE_BYTES ? (
                  <Alert severity="warning" sx={{ mt: 1 }}>
                    Large file: the server may refuse it as too large. Split the workbook, or export only the SCAL tabs.
                  </Alert>
                ) : null}
              </Box>
              <TextField label="Template name" value={name} onChange={(e) => setName(e.target.value)} required slotProps={{ htmlInput: { maxLength: 200 } }} />
              <TextField
                label="Key"
                value={key}
                onChange={(e) => setKey(e.target.value)}
                required
                helperText="Versions of one template share a key: lower-case letters, digits, - or _"
                slotProps={{ htmlInput: { maxLength: 100 } }}
              />
              <FormError problem={readError} error={detect.error} testId="import-read-error" />
              <Box>
                <Button variant="contained" disabled={!file || busy} onClick={() => file && detect.mutate({ filename: file.filename, contentBase64: file.contentBase64 })} data-testid="import-detect">
                  Read columns
                </Button>
              </Box>
            </Stack>
          ) : null}

          {step === 1 && choice && detect.data ? (
            <Stack spacing={2}>
              <Typography variant="body2">
                {detect.data.sheets.length} sheet{detect.data.sheets.length === 1 ? '' : 's'} ({detect.data.sheets.map((s) => `${s.name}: ${s.rowCount} rows`).join(', ')}). Pre-filled
                from the column names; identifier, description and level are required.
              </Typography>
              <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, maxWidth: 900 }} data-testid="column-mapping">
                {SCAL_IMPORT_FIELDS.map((field) => (
                  <MappingSelect key={field} field={field} preview={detect.data!} headers={headers} choice={choice} duplicated={duplicated} onChange={(header) => setChoice({ ...choice, [field]: header })} />
                ))}
              </Box>
              <Typography variant="subtitle2" sx={{ pt: 1 }}>
                Answer columns
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: -1.5 }}>
                Not imported: the export writes the answers into these columns, so the workbook goes back to NHS England in its own layout.
              </Typography>
              <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, maxWidth: 900 }} data-testid="answer-column-mapping">
                {SCAL_ANSWER_COLUMNS.map((field) => (
                  <MappingSelect key={field} field={field} preview={detect.data!} headers={headers} choice={choice} duplicated={duplicated} onChange={(header) => setChoice({ ...choice, [field]: header })} />
                ))}
              </Box>
              <FormError error={check.error} testId="mapping-error" />
              <Stack direction="row" spacing={1}>
                <Button onClick={() => setStep(0)} disabled={busy}>
                  Back
                </Button>
                <Button
                  variant="contained"
                  disabled={busy || missingRequired.length > 0 || duplicated.length > 0}
                  onClick={() => check.mutate(mappingFrom(choice, headers))}
                  data-testid="mapping-next"
                >
                  Check rows
                </Button>
              </Stack>
            </Stack>
          ) : null}

          {step === 2 && preview && choice ? (
            <Stack spacing={2}>
              {preview.mappingProblem ? (
                <Alert severity="error" data-testid="mapping-problem">
                  {preview.mappingProblem}
                </Alert>
              ) : preview.rejected.length ? (
                <Alert severity="error" data-testid="import-rejected-summary">
                  <AlertTitle>
                    {preview.rejected.length} row{preview.rejected.length === 1 ? '' : 's'} cannot be imported
                  </AlertTitle>
                  Import is all or nothing: fix these rows in the workbook (or change the mapping) and try again.
                </Alert>
              ) : (
                <Alert severity="success" data-testid="import-ready">
                  {preview.requirementCount} requirements ready to import as <strong>{key}</strong>.
                </Alert>
              )}
              {preview.rejected.length ? <RejectedRowsTable rows={preview.rejected} /> : null}
              {preview.layoutOnlySheets?.length ? (
                <Alert severity="info" data-testid="layout-only-sheets">
                  Kept as layout only, with no requirements (no column mapped): {preview.layoutOnlySheets.join(', ')}. The export writes them back unchanged.
                </Alert>
              ) : null}
              <PreviewTable preview={preview} choice={choice} />
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
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Button onClick={() => setStep(1)} disabled={busy} data-testid="back-to-mapping">
                  Back to mapping
                </Button>
                <Button variant="contained" disabled={busy || !canImport} onClick={() => run.mutate()} data-testid="import-confirm">
                  {importing ? `Importing ${preview.requirementCount} requirements…` : `Import ${preview.requirementCount} requirements`}
                </Button>
                {canImport ? <Chip size="small" variant="outlined" label={`${name.trim()} · key ${key.trim()}`} /> : null}
              </Stack>
            </Stack>
          ) : null}
        </CardContent>
      </Card>
    </Box>
  );
};
