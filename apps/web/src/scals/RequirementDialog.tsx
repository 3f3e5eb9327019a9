import RefreshIcon from '@mui/icons-material/Refresh';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { SCAL_RESPONSES, SCAL_STATUS_TRANSITIONS, type ScalRequirementStatus, type ScalResponse } from '@pairline/domain';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorCode, type PairlineDataProvider } from '../auth';
import { FormError } from '../common/FormError';
import { formatDateTime } from '../common/format';
import { useMemberChoices } from '../common/OwnerInput';
import { SCAL_RESPONSE_LABELS, SCAL_STATUS_LABELS } from './labels';
import { ScalStatusChip, ScalVerdictChip } from './ScalChips';
import { RequirementComments } from './RequirementComments';
import { RequirementEvidence } from './RequirementEvidence';
import type { ScalDetailDto, ScalRequirementAnswerDto, ScalRequirementRowDto, ScalRequirementUpdate } from './scalsApi';
import { useScalCache } from './useScalCache';

/** Statuses in which NHS England holds the answer: it changes only after the row is reopened. */
const LOCKED: readonly ScalRequirementStatus[] = ['submitted', 'accepted'];

interface FormState {
  response: ScalResponse | '';
  justification: string;
  ownerUserId: string;
  dueOn: string;
  status: ScalRequirementStatus;
  rejectionReason: string;
}

const formOf = (row: ScalRequirementAnswerDto): FormState => ({
  response: row.response ?? '',
  justification: row.justification ?? '',
  ownerUserId: row.ownerUserId ?? '',
  dueOn: row.dueOn ?? '',
  status: row.status,
  rejectionReason: row.rejectionReason ?? '',
});

/** The PUT body: only what the user changed, so the server's rules apply to exactly that. */
function changesOf(row: ScalRequirementAnswerDto, form: FormState): ScalRequirementUpdate {
  const update: ScalRequirementUpdate = { version: row.version };
  if ((row.response ?? '') !== form.response || (row.justification ?? '') !== form.justification) {
    update.response = form.response || null;
    update.justification = form.justification.trim() || null;
  }
  if ((row.ownerUserId ?? '') !== form.ownerUserId) update.ownerUserId = form.ownerUserId || null;
  if ((row.dueOn ?? '') !== form.dueOn) update.dueOn = form.dueOn || null;
  if (row.status !== form.status) {
    update.status = form.status;
    if (form.status === 'rejected') update.rejectionReason = form.rejectionReason.trim();
  }
  return update;
}

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap' }}>
      {children}
    </Typography>
  </Box>
);

interface RequirementDialogProps {
  scal: ScalDetailDto;
  requirement: ScalRequirementRowDto;
  writable: boolean;
  onClose: () => void;
}

/**
 * One requirement: its text, then the answer, owner, due date and review status. The server's rules
 * decide (a justification is needed before review unless compliant); the form says so up front.
 */
export const RequirementDialog = ({ scal, requirement, writable, onClose }: RequirementDialogProps) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const cache = useScalCache();
  const { choices } = useMemberChoices();
  const [row, setRow] = useState(requirement);
  const [form, setForm] = useState(() => formOf(requirement));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: (update: ScalRequirementUpdate) => dataProvider.updateScalRequirement(scal.id, row.identifier, update),
    onSuccess: (saved) => {
      cache.reload(scal.id, scal.journeyIds);
      notify(`${saved.identifier} saved`, { type: 'success' });
      onClose();
    },
  });
  const fetchRow = async () => (await dataProvider.getScalRequirements(scal.id, { page: 1, perPage: 1, filter: { identifier: row.identifier } })).data[0];
  const reload = useMutation({
    mutationFn: fetchRow,
    onSuccess: (fresh) => {
      if (!fresh) return;
      setRow(fresh);
      setForm(formOf(fresh));
      save.reset();
      cache.reload(scal.id, scal.journeyIds);
    },
  });
  // A link changes the evidence, not the answer: keep what is being typed and the version it was read at.
  const refreshEvidence = useMutation({
    mutationFn: fetchRow,
    onSuccess: (fresh) => {
      if (fresh) setRow((r) => ({ ...r, evidence: fresh.evidence, needsAttention: fresh.needsAttention, attentionReasons: fresh.attentionReasons }));
      cache.reload(scal.id, scal.journeyIds);
    },
  });

  const locked = LOCKED.includes(row.status);
  const answerChanged = (row.response ?? '') !== form.response || (row.justification ?? '') !== form.justification;
  // Saving an answer puts the row back in progress (unless rejected), so the next status follows from there.
  const from: ScalRequirementStatus = answerChanged && row.status !== 'rejected' ? 'in_progress' : row.status;
  const statusOptions = [...new Set<ScalRequirementStatus>([row.status, from, ...SCAL_STATUS_TRANSITIONS[from]])];
  const justificationMissing = form.response !== '' && form.response !== 'compliant' && form.justification.trim() === '';
  const stale = errorCode(save.error) === 'stale_version';
  const update = changesOf(row, form);
  const nothingChanged = Object.keys(update).length === 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(update);
  };

  return (
    <Dialog open onClose={save.isPending ? undefined : onClose} fullWidth maxWidth="md" data-testid="scal-requirement-dialog">
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Box component="span" sx={{ fontFamily: 'monospace' }}>
            {row.identifier}
          </Box>
          <Chip size="small" label={row.level} variant={row.level === 'MUST' ? 'filled' : 'outlined'} />
          <ScalStatusChip status={row.status} />
          <Typography variant="body2" color="text.secondary" component="span">
            {row.sectionName}
          </Typography>
        </DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
            <Detail label="Requirement">{row.description}</Detail>
            <Stack direction="row" spacing={4}>
              <Detail label="Evidence required">{row.evidenceRequired ?? '—'}</Detail>
              <Detail label="Environment">{row.environment ?? '—'}</Detail>
            </Stack>
            {row.reviewVerdict || row.reviewComment ? (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap data-testid="scal-review">
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  NHS England&apos;s review:
                </Typography>
                {row.reviewVerdict ? <ScalVerdictChip verdict={row.reviewVerdict} /> : null}
                {row.reviewComment ? <Typography variant="body2">{row.reviewComment}</Typography> : null}
              </Stack>
            ) : null}
            {row.status === 'rejected' && row.rejectionReason ? (
              <Alert severity="error" data-testid="scal-rejection-reason">
                Rejected by NHS England: {row.rejectionReason}
              </Alert>
            ) : null}
            <Divider />
            {locked && writable ? (
              <Alert severity="info">
                {SCAL_STATUS_LABELS[row.status]}: NHS England holds this answer. Move it back to in progress to change it.
              </Alert>
            ) : null}
            <Box>
              <FormLabel id="scal-response-label">Response</FormLabel>
              <RadioGroup row aria-labelledby="scal-response-label" value={form.response} onChange={(e) => set('response', e.target.value as ScalResponse)} data-testid="scal-response">
                {SCAL_RESPONSES.map((r) => (
                  <FormControlLabel key={r} value={r} control={<Radio size="small" />} label={SCAL_RESPONSE_LABELS[r]} disabled={!writable || locked} />
                ))}
              </RadioGroup>
            </Box>
            <TextField
              label="Justification"
              value={form.justification}
              onChange={(e) => set('justification', e.target.value)}
              multiline
              minRows={3}
              disabled={!writable || locked}
              required={form.response !== '' && form.response !== 'compliant'}
              error={justificationMissing}
              helperText={justificationMissing ? 'Required unless compliant: NHS England will not review this row without it.' : 'Why the product meets the requirement, or why it does not or does not apply.'}
              data-testid="scal-justification"
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField select label="Owner" value={form.ownerUserId} onChange={(e) => set('ownerUserId', e.target.value)} disabled={!writable} sx={{ minWidth: 220 }} data-testid="scal-owner">
                <MenuItem value="">
                  <em>Nobody yet</em>
                </MenuItem>
                {choices.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField label="Due" type="date" value={form.dueOn} onChange={(e) => set('dueOn', e.target.value)} disabled={!writable} slotProps={{ inputLabel: { shrink: true } }} data-testid="scal-due" />
              <TextField select label="Status" value={form.status} onChange={(e) => set('status', e.target.value as ScalRequirementStatus)} disabled={!writable} sx={{ minWidth: 220 }} data-testid="scal-status">
                {statusOptions.map((s) => (
                  <MenuItem key={s} value={s}>
                    {SCAL_STATUS_LABELS[s]}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            {form.status === 'rejected' && row.status !== 'rejected' ? (
              <TextField label="NHS England's reason" value={form.rejectionReason} onChange={(e) => set('rejectionReason', e.target.value)} required multiline minRows={2} data-testid="scal-rejection-input" />
            ) : null}
            {stale ? (
              <Alert
                severity="warning"
                data-testid="scal-stale"
                action={
                  <Button color="inherit" size="small" startIcon={<RefreshIcon />} onClick={() => reload.mutate()} disabled={reload.isPending} data-testid="scal-reload">
                    Reload
                  </Button>
                }
              >
                Someone changed {row.identifier} since you opened it. Reload to see what is saved now (your changes here are discarded), then make them again.
              </Alert>
            ) : (
              <FormError error={save.error ?? reload.error} testId="scal-requirement-error" />
            )}
            {row.updatedAt ? (
              <Typography variant="caption" color="text.secondary">
                Last changed {formatDateTime(row.updatedAt)}
              </Typography>
            ) : null}
            <Divider />
            <RequirementEvidence scalId={scal.id} requirement={row} onChanged={() => refreshEvidence.mutate()} />
            <Divider />
            <RequirementComments scalId={scal.id} identifier={row.identifier} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={save.isPending}>
            {writable ? 'Cancel' : 'Close'}
          </Button>
          {writable ? (
            <Button type="submit" variant="contained" disabled={save.isPending || nothingChanged || stale} data-testid="scal-requirement-save">
              Save
            </Button>
          ) : null}
        </DialogActions>
      </Box>
    </Dialog>
  );
};
