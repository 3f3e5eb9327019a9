import FlagIcon from '@mui/icons-material/Flag';
import { Alert, Box, Button, Chip, CircularProgress, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { SCAL_STAGES, SCAL_STAGE_LABELS, type ScalStage, type ScalStageShortfall } from '@pairline/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorCode, errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { formatDateTime } from '../common/format';
import { useMemberChoices } from '../common/OwnerInput';
import { ScalExportButtons } from './ScalExportButtons';
import type { ScalDetailDto } from './scalsApi';
import { scalQueryKey, useScalCache } from './useScalCache';

/** The stage after the last one recorded: what the dialog offers first. */
const nextStage = (scal: ScalDetailDto): ScalStage => {
  if (!scal.stage) return 'stage_one';
  const i = SCAL_STAGES.indexOf(scal.stage.stage);
  return SCAL_STAGES[Math.min(i + 1, SCAL_STAGES.length - 1)];
};

const RecordStageDialog = ({ scal, onClose }: { scal: ScalDetailDto; onClose: () => void }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const cache = useScalCache();
  const [stage, setStage] = useState<ScalStage>(nextStage(scal));
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: () => dataProvider.recordScalStage(scal.id, stage, { note: note.trim() || undefined }),
    onSuccess: (snapshot) => {
      cache.reload(scal.id, scal.journeyIds);
      notify(`${snapshot.stageLabel}: snapshot ${snapshot.number} taken`, { type: 'success' });
      onClose();
    },
  });
  const shortfalls: ScalStageShortfall[] = errorCode(record.error) === 'scal_stage_not_reached' ? ((record.error as { body?: { details?: { shortfalls?: ScalStageShortfall[] } } }).body?.details?.shortfalls ?? []) : [];
  return (
    <FormDialog open title="Record a SCAL stage" submitLabel="Record and take snapshot" onClose={onClose} onSubmit={() => record.mutate()} pending={record.isPending} error={shortfalls.length ? undefined : record.error} testId="record-stage-dialog">
      <Typography variant="body2" color="text.secondary">
        Recording a stage freezes a copy of every row, answer and evidence reference, so what was sent to NHS England can be reproduced exactly later.
      </Typography>
      <TextField select label="Stage" value={stage} onChange={(e) => setStage(e.target.value as ScalStage)} data-testid="record-stage-select">
        {SCAL_STAGES.map((s) => (
          <MenuItem key={s} value={s}>
            {SCAL_STAGE_LABELS[s]}
          </MenuItem>
        ))}
      </TextField>
      <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. sent to NHS England on 3 March, their reference" multiline minRows={2} />
      {shortfalls.length ? (
        <Alert severity="error" role="alert" data-testid="record-stage-dialog-error">
          {errorMessage(record.error)}
          <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2, maxHeight: 180, overflow: 'auto' }} data-testid="record-stage-shortfalls">
            {shortfalls.map((s, i) => (
              <li key={`${s.identifier ?? ''}-${i}`}>{s.message}</li>
            ))}
          </Box>
        </Alert>
      ) : null}
    </FormDialog>
  );
};

/** Stages recorded so far, each a frozen snapshot that can be exported as it was. */
export const ScalStages = ({ scal }: { scal: ScalDetailDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const can = useCan();
  const { choices } = useMemberChoices();
  const [recording, setRecording] = useState(false);
  const snapshots = useQuery({ queryKey: [...scalQueryKey(scal.id), 'snapshots'], queryFn: () => dataProvider.getScalSnapshots(scal.id) });
  const name = (id: string) => choices.find((c) => c.id === id)?.name ?? 'A former member';
  return (
    <Stack spacing={1.5} data-testid="scal-stages">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2">Current stage:</Typography>
          {scal.stage ? <Chip size="small" color="primary" icon={<FlagIcon />} label={scal.stage.label} data-testid="scal-current-stage" /> : <Chip size="small" variant="outlined" label="None recorded yet" data-testid="scal-current-stage" />}
        </Stack>
        {can('scal.write') ? (
          <Button size="small" variant="outlined" startIcon={<FlagIcon />} onClick={() => setRecording(true)} data-testid="record-stage">
            Record stage
          </Button>
        ) : null}
      </Stack>
      {snapshots.isPending ? <CircularProgress size={20} /> : null}
      {snapshots.error ? <Alert severity="error">{errorMessage(snapshots.error)}</Alert> : null}
      {snapshots.data && snapshots.data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No snapshots yet. Record the stage-one SCAL when you send it to NHS England.
        </Typography>
      ) : null}
      {snapshots.data && snapshots.data.length > 0 ? (
        <Table size="small" aria-label="Snapshots" data-testid="scal-snapshots">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Stage</TableCell>
              <TableCell>Taken</TableCell>
              <TableCell align="right">Rows</TableCell>
              <TableCell align="right">Accepted</TableCell>
              <TableCell>Note</TableCell>
              <TableCell>Digest</TableCell>
              <TableCell>Export</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {snapshots.data.map((s) => (
              <TableRow key={s.id} data-testid="scal-snapshot">
                <TableCell>{s.number}</TableCell>
                <TableCell>{s.stageLabel}</TableCell>
                <TableCell>
                  {formatDateTime(s.takenAt)}
                  <Typography variant="caption" color="text.secondary" component="div">
                    {name(s.takenByUserId)}
                  </Typography>
                </TableCell>
                <TableCell align="right">{s.rowCount}</TableCell>
                <TableCell align="right">{s.byStatus.accepted}</TableCell>
                <TableCell sx={{ maxWidth: 260 }}>{s.note ?? '—'}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }} title={`SHA-256 of the frozen rows: ${s.rowsSha256}`}>
                  {s.rowsSha256.slice(0, 12)}…
                </TableCell>
                <TableCell>
                  <ScalExportButtons scalId={scal.id} snapshotId={s.id} testId={`snapshot-${s.number}-export`} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {recording ? <RecordStageDialog scal={scal} onClose={() => setRecording(false)} /> : null}
    </Stack>
  );
};
