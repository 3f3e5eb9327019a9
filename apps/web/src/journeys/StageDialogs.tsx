import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  DialogContentText,
  FormControlLabel,
  IconButton,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { OVERRIDE_JUSTIFICATION_MIN_LENGTH, type StageDto, type StageLink } from '@pairline/contracts';
import type { UnmetCriterion } from '@pairline/domain';
import { useState } from 'react';
import { useMemberChoices } from '../common/OwnerInput';
import { FormDialog } from '../common/FormDialog';
import type { StageUpdateRequest } from './journeysApi';

/** The stage's current plan (not its route, which has its own control), as PUT /api/journeys/:id/stages/:key takes it. */
export const stagePlan = (stage: StageDto): StageUpdateRequest => ({
  plannedStart: stage.plannedStart,
  plannedEnd: stage.plannedEnd,
  pinned: stage.pinned,
  durationWorkingDays: stage.durationWorkingDays,
  slaWorkingDays: stage.slaWorkingDays,
  ownerUserId: stage.ownerUserId,
  links: stage.links.map((link) => ({ title: link.title, url: link.url })),
  version: stage.version,
});

/** Overrides are recorded with their justification: the API wants a real sentence. */
export const MIN_JUSTIFICATION = OVERRIDE_JUSTIFICATION_MIN_LENGTH;

/** Skipping needs a reason (kept on the stage and in the audit log). */
export const SkipDialog = ({
  stage,
  open,
  onClose,
  onSkip,
  pending,
  error,
}: {
  stage: StageDto;
  open: boolean;
  onClose: () => void;
  onSkip: (reason: string) => void;
  pending: boolean;
  error: unknown;
}) => {
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      open={open}
      title={`Skip ${stage.name}?`}
      submitLabel="Skip stage"
      onClose={onClose}
      onSubmit={() => onSkip(reason.trim())}
      pending={pending}
      error={error}
      testId="skip-dialog"
      canSubmit={reason.trim().length > 0}
    >
      <DialogContentText>Say why this stage does not apply to this journey. Later stages treat a skipped stage as finished.</DialogContentText>
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
    </FormDialog>
  );
};

/** Org admins may proceed despite unmet criteria, with a justification shown on the journey. */
export const OverrideDialog = ({
  stage,
  action,
  unmet,
  open,
  onClose,
  onOverride,
  pending,
  error,
}: {
  stage: StageDto;
  action: string;
  unmet: readonly UnmetCriterion[];
  open: boolean;
  onClose: () => void;
  onOverride: (justification: string) => void;
  pending: boolean;
  error: unknown;
}) => {
  const [justification, setJustification] = useState('');
  return (
    <FormDialog
      open={open}
      title={`Override the gate: ${action} ${stage.name}`}
      submitLabel="Override and proceed"
      onClose={onClose}
      onSubmit={() => onOverride(justification.trim())}
      pending={pending}
      error={error}
      testId="override-dialog"
      canSubmit={justification.trim().length >= MIN_JUSTIFICATION}
    >
      <Alert severity="warning">
        This bypasses the onboarding sequence. The override, your name and your justification are recorded on the journey and in the audit log.
      </Alert>
      {unmet.length ? (
        <Box>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            Not met:
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 3 }}>
            {unmet.map((criterion, i) => (
              <Typography component="li" variant="body2" key={`${criterion.kind}-${i}`}>
                {criterion.message}
              </Typography>
            ))}
          </Box>
        </Box>
      ) : null}
      <TextField
        label="Justification"
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        required
        multiline
        minRows={3}
        autoFocus
        helperText={`Why it is right to proceed anyway (at least ${MIN_JUSTIFICATION} characters), e.g. NHS England confirmed by email on…`}
      />
    </FormDialog>
  );
};

const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** The stage's plan: dates (pinned when agreed with NHS England or the provider), duration, SLA, owner, links. */
export const StagePlanDialog = ({
  stage,
  open,
  onClose,
  onSave,
  pending,
  error,
}: {
  stage: StageDto;
  open: boolean;
  onClose: () => void;
  onSave: (plan: StageUpdateRequest) => void;
  pending: boolean;
  error: unknown;
}) => {
  const { choices } = useMemberChoices();
  const [plannedStart, setPlannedStart] = useState(stage.plannedStart ?? '');
  const [plannedEnd, setPlannedEnd] = useState(stage.plannedEnd ?? '');
  const [pinned, setPinned] = useState(stage.pinned);
  const [duration, setDuration] = useState(String(stage.durationWorkingDays));
  const [sla, setSla] = useState(stage.slaWorkingDays === null ? '' : String(stage.slaWorkingDays));
  const [owner, setOwner] = useState(stage.ownerUserId ?? '');
  const [links, setLinks] = useState<StageLink[]>(stage.links.map((l) => ({ ...l })));
  const [problem, setProblem] = useState<string | null>(null);

  const save = () => {
    const durationDays = Number(duration);
    const slaDays = numberOrNull(sla);
    if (!Number.isInteger(durationDays) || durationDays < 0) return setProblem('Duration is a whole number of working days.');
    if (slaDays !== null && (!Number.isInteger(slaDays) || slaDays < 0)) return setProblem('The SLA is a whole number of working days, or empty for none.');
    if (plannedStart && plannedEnd && plannedEnd < plannedStart) return setProblem('The planned end is before the planned start.');
    if (pinned && !plannedStart && !plannedEnd) return setProblem('Pin a stage only once it has planned dates.');
    const cleanLinks = links.map((l) => ({ title: l.title.trim(), url: l.url.trim() })).filter((l) => l.title || l.url);
    if (cleanLinks.some((l) => !l.title || !/^https?:\/\//i.test(l.url))) return setProblem('Every link needs a title and an http(s) address.');
    setProblem(null);
    onSave({
      ...stagePlan(stage),
      plannedStart: plannedStart || null,
      plannedEnd: plannedEnd || null,
      pinned,
      durationWorkingDays: durationDays,
      slaWorkingDays: slaDays,
      ownerUserId: owner || null,
      links: cleanLinks,
    });
  };

  return (
    <FormDialog
      open={open}
      title={`Plan: ${stage.name}`}
      submitLabel="Save plan"
      onClose={onClose}
      onSubmit={save}
      pending={pending}
      error={error}
      problem={problem}
      testId="stage-plan-dialog"
    >
      <Stack direction="row" spacing={2}>
        <TextField label="Planned start" type="date" value={plannedStart} onChange={(e) => setPlannedStart(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} fullWidth />
        <TextField label="Planned end" type="date" value={plannedEnd} onChange={(e) => setPlannedEnd(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} fullWidth />
      </Stack>
      <FormControlLabel
        control={<Checkbox checked={pinned} onChange={(e) => setPinned(e.target.checked)} />}
        label="Pinned: dates agreed with NHS England or the provider (forecasts never move them earlier)"
      />
      <Stack direction="row" spacing={2}>
        <TextField label="Duration (working days)" type="number" value={duration} onChange={(e) => setDuration(e.target.value)} slotProps={{ htmlInput: { min: 0 } }} fullWidth />
        <TextField
          label="SLA (working days)"
          type="number"
          value={sla}
          onChange={(e) => setSla(e.target.value)}
          slotProps={{ htmlInput: { min: 0 } }}
          helperText="Empty: no SLA clock"
          fullWidth
        />
      </Stack>
      <TextField select label="Stage owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
        <MenuItem value="">
          <em>Nobody yet</em>
        </MenuItem>
        {choices.map((choice) => (
          <MenuItem key={choice.id} value={choice.id}>
            {choice.name}
          </MenuItem>
        ))}
      </TextField>
      <Box>
        <Typography variant="subtitle2" sx={{ mb: 1 }}>
          Links
        </Typography>
        <Stack spacing={1}>
          {links.map((link, i) => (
            <Stack direction="row" spacing={1} key={i} sx={{ alignItems: 'center' }}>
              <TextField
                size="small"
                label="Title"
                value={link.title}
                onChange={(e) => setLinks(links.map((l, j) => (j === i ? { ...l, title: e.target.value } : l)))}
              />
              <TextField
                size="small"
                label="URL"
                value={link.url}
                onChange={(e) => setLinks(links.map((l, j) => (j === i ? { ...l, url: e.target.value } : l)))}
                sx={{ flex: 1 }}
              />
              <IconButton aria-label={`Remove link ${link.title || i + 1}`} onClick={() => setLinks(links.filter((_, j) => j !== i))}>
                <DeleteIcon />
              </IconButton>
            </Stack>
          ))}
          <Box>
            <Button size="small" startIcon={<AddIcon />} onClick={() => setLinks([...links, { title: '', url: '' }])}>
              Add link
            </Button>
          </Box>
        </Stack>
      </Box>
    </FormDialog>
  );
};
