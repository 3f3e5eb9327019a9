import EditCalendarIcon from '@mui/icons-material/EditCalendar';
import LinkIcon from '@mui/icons-material/Link';
import PushPinIcon from '@mui/icons-material/PushPin';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import type { JourneyDetailDto, StageActionRequest, StageDto } from '@pairline/contracts';
import type { StageAction, UnmetCriterion } from '@pairline/domain';
import { useState } from 'react';
import { errorCode, errorMessage, useCan } from '../auth';
import { formatCivilDate, todayInEngland } from '../common/format';
import type { StageUpdateRequest } from './journeysApi';
import { STAGE_ACTION_LABELS, STAGE_STATUS_LABELS } from './labels';
import { OverrideDialog, SkipDialog, StagePlanDialog } from './StageDialogs';
import { StageRoute } from './StageRoute';
import { useJourneyAction } from './useJourneyMutation';

const FINISHED = new Set(['done', 'skipped']);

/** What can be done to a stage in its status (the API checks again, with the gates). */
export function stageActions(stage: StageDto): StageAction[] {
  const skip: StageAction[] = stage.skippable ? ['skip'] : [];
  switch (stage.status) {
    case 'not_started':
      return ['start', 'complete', ...skip];
    case 'in_progress':
      return ['complete', 'wait_nhs_england', 'wait_provider', 'block', ...skip];
    case 'waiting_nhs_england':
      return ['resume', 'complete', 'wait_provider', 'block', ...skip];
    case 'waiting_provider':
      return ['resume', 'complete', 'wait_nhs_england', 'block', ...skip];
    case 'blocked':
      return ['resume', 'complete', ...skip];
    case 'done':
    case 'skipped':
      return ['reopen'];
  }
}

/** Which of an action's gates the stage reports as unmet (start, or complete with the entry gate too when not started). */
const unmetFor = (stage: StageDto, action: StageAction): UnmetCriterion[] => {
  if (action === 'start') return stage.unmetToStart;
  if (action === 'complete') return stage.status === 'not_started' ? [...stage.unmetToStart, ...stage.unmetToComplete] : stage.unmetToComplete;
  return [];
};

interface GateRefusal {
  action: StageAction;
  message: string;
  unmet: UnmetCriterion[];
  request: StageActionRequest;
}

const refusalOf = (error: unknown, action: StageAction, request: StageActionRequest): GateRefusal | null => {
  if (errorCode(error) !== 'gate_not_met') return null;
  const details = (error as { body?: { details?: { unmet?: UnmetCriterion[] } } }).body?.details;
  return { action, message: errorMessage(error), unmet: Array.isArray(details?.unmet) ? details.unmet : [], request };
};

const DateRange = ({ start, end, pinned }: { start: string | null; end: string | null; pinned?: boolean }) => (
  <>
    {start || end ? `${formatCivilDate(start)} → ${formatCivilDate(end)}` : '—'}
    {pinned ? (
      <Tooltip title="Pinned: agreed with NHS England or the provider; forecasts never move it earlier">
        <PushPinIcon fontSize="inherit" aria-label="pinned" sx={{ ml: 0.5, verticalAlign: 'middle' }} />
      </Tooltip>
    ) : null}
  </>
);

const StageDates = ({ stage }: { stage: StageDto }) => (
  <Table size="small" aria-label={`${stage.name} dates`} sx={{ maxWidth: 560, '& td, & th': { py: 0.5 } }} data-testid="stage-dates">
    <TableHead>
      <TableRow>
        <TableCell />
        <TableCell>Start → end</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      <TableRow>
        <TableCell component="th" scope="row">
          Planned
        </TableCell>
        <TableCell>
          <DateRange start={stage.plannedStart} end={stage.plannedEnd} pinned={stage.pinned} />
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell component="th" scope="row">
          Actual
        </TableCell>
        <TableCell>
          <DateRange start={stage.actualStart} end={stage.actualEnd} />
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell component="th" scope="row">
          Forecast
        </TableCell>
        <TableCell>
          <DateRange start={stage.forecastStart} end={stage.forecastEnd} />
        </TableCell>
      </TableRow>
    </TableBody>
  </Table>
);

/** "SCAL review: 2 of 5 working days, due 1 Dec 2026": red once breached. */
export const SlaClockView = ({ stage }: { stage: StageDto }) => {
  const sla = stage.sla;
  if (!sla) {
    if (stage.slaWorkingDays === null || FINISHED.has(stage.status)) return null;
    return (
      <Typography variant="body2" color="text.secondary" data-testid="sla-idle">
        {stage.slaLabel ?? 'Response target'}: {stage.slaWorkingDays} working days from{' '}
        {stage.slaWaitingOn === 'provider' ? 'the provider' : 'NHS England'}. The clock runs once the stage is set to wait on them.
        {stage.slaConfirmed === false ? ' (Target from an older NHS England document; it may have changed.)' : null}
      </Typography>
    );
  }
  const severity = sla.state === 'breached' ? 'error' : sla.state === 'due_today' ? 'warning' : 'info';
  const overdue = sla.state === 'breached' ? ` Overdue by ${-sla.remainingWorkingDays} working day${sla.remainingWorkingDays === -1 ? '' : 's'}.` : '';
  const dueToday = sla.state === 'due_today' ? ' Due today.' : '';
  return (
    <Alert severity={severity} variant={sla.state === 'breached' ? 'filled' : 'standard'} data-testid="sla-clock" data-state={sla.state} sx={{ maxWidth: 720 }}>
      <strong>{sla.label}</strong>: {sla.elapsedWorkingDays} of {sla.slaWorkingDays} working days, due {formatCivilDate(sla.dueOn)}.{overdue}
      {dueToday}
      {sla.confirmed ? null : ' (Target from an older NHS England document; it may have changed.)'}
    </Alert>
  );
};

const UnmetList = ({ title, unmet, testId }: { title: string; unmet: readonly UnmetCriterion[]; testId: string }) =>
  unmet.length === 0 ? null : (
    <Box data-testid={testId}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {unmet.map((criterion, i) => (
          <Typography component="li" variant="body2" key={`${criterion.kind}-${i}`}>
            {criterion.message}
          </Typography>
        ))}
      </Box>
    </Box>
  );

interface StagePanelProps {
  journey: JourneyDetailDto;
  stage: StageDto;
}

/** One stage of the journey page: dates, SLA clock, route, checklist, what is missing, and the actions. */
export const StagePanel = ({ journey, stage }: StagePanelProps) => {
  const can = useCan();
  const writable = can('journeys.write') && journey.status !== 'withdrawn';
  const canOverride = can('journeys.override_gate');
  const finished = FINISHED.has(stage.status);
  const [on, setOn] = useState('');
  const [refusal, setRefusal] = useState<GateRefusal | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [skipOpen, setSkipOpen] = useState(false);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [planOpen, setPlanOpen] = useState(false);

  const act = useJourneyAction(
    journey.id,
    (dp, v: { action: StageAction; request: StageActionRequest }) => dp.stageAction(journey.id, stage.key, v.action, v.request),
    {
      success: (detail) => {
        const status = detail.stages.find((s) => s.key === stage.key)?.status;
        return `${stage.name}: ${status ? STAGE_STATUS_LABELS[status].toLowerCase() : 'updated'}`;
      },
    },
  );
  const tick = useJourneyAction(journey.id, (dp, v: { itemKey: string; done: boolean }) => dp.setChecklistItem(journey.id, stage.key, v.itemKey, v.done));
  const plan = useJourneyAction(journey.id, (dp, request: StageUpdateRequest) => dp.updateStage(journey.id, stage.key, request), {
    onSuccess: () => setPlanOpen(false),
  });
  const route = useJourneyAction(journey.id, (dp, request: StageUpdateRequest) => dp.updateStage(journey.id, stage.key, request));

  const run = (action: StageAction, extra: Omit<StageActionRequest, 'on'> = {}) => {
    const request: StageActionRequest = { ...(on ? { on } : {}), ...extra };
    setFailure(null);
    act.mutate(
      { action, request },
      {
        onSuccess: () => {
          setRefusal(null);
          setSkipOpen(false);
          setOverrideOpen(false);
          setOn('');
        },
        onError: (error) => {
          const gate = refusalOf(error, action, request);
          // A refused override stays in its dialog; a first refusal shows on the stage.
          if (gate && !extra.override) {
            setRefusal(gate);
          } else if (!skipOpen && !overrideOpen) {
            setRefusal(null);
            setFailure(error);
          }
        },
      },
    );
  };

  const onAction = (action: StageAction) => {
    if (action === 'skip') {
      act.reset();
      setSkipOpen(true);
    } else run(action);
  };

  const otherError = failure ?? tick.error ?? route.error;
  const routeName = (key: string | null) => stage.routes.find((r) => r.key === key)?.name ?? key;

  return (
    <Stack spacing={2} sx={{ py: 1 }} data-testid={`stage-panel-${stage.key}`}>
      <Typography variant="body2" color="text.secondary">
        {stage.description}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Chip size="small" variant="outlined" label={`Phase: ${stage.phase}`} />
        {stage.track ? <Chip size="small" variant="outlined" label={`Track: ${stage.track}`} /> : null}
        {stage.milestone ? <Chip size="small" color="secondary" label={stage.milestone === 'rtc' ? 'Milestone: RTC' : 'Milestone: live'} /> : null}
        <Chip size="small" variant="outlined" label={`${stage.durationWorkingDays} working days planned`} />
        {stage.ownerName ? <Chip size="small" variant="outlined" label={`Owner: ${stage.ownerName}`} /> : null}
        {stage.waitingSince ? <Chip size="small" variant="outlined" label={`Waiting since ${formatCivilDate(stage.waitingSince)}`} /> : null}
        {!stage.skippable ? <Chip size="small" variant="outlined" label="Cannot be skipped" /> : null}
      </Stack>

      <StageDates stage={stage} />
      <SlaClockView stage={stage} />

      {stage.skipReason ? (
        <Alert severity="info" data-testid="skip-reason">
          Skipped: {stage.skipReason}
        </Alert>
      ) : null}

      {stage.routes.length > 0 ? <StageRoute stage={stage} disabled={!writable || finished || route.isPending} onChange={(r) => route.mutate({ route: r, version: stage.version })} /> : null}

      {stage.checklist.length > 0 ? (
        <FormControl component="fieldset" disabled={!writable || finished} data-testid="stage-checklist">
          <FormLabel component="legend">Checklist</FormLabel>
          <FormGroup>
            {stage.checklist.map((item) => {
              const otherRoute = item.route !== null && stage.route !== null && item.route !== stage.route;
              return (
                <FormControlLabel
                  key={item.key}
                  control={
                    <Checkbox
                      checked={item.done}
                      onChange={(event) => tick.mutate({ itemKey: item.key, done: event.target.checked })}
                      disabled={tick.isPending}
                      slotProps={{ input: { 'aria-describedby': item.doneOn || item.route ? `check-${stage.key}-${item.key}-note` : undefined } }}
                    />
                  }
                  sx={otherRoute ? { opacity: 0.6 } : undefined}
                  label={
                    <Box component="span">
                      {item.label}
                      {item.artefact ? <Chip size="small" label="document" variant="outlined" sx={{ ml: 1, height: 20 }} /> : null}
                      <Typography id={`check-${stage.key}-${item.key}-note`} component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                        {item.route ? `route: ${routeName(item.route)}${otherRoute ? ' (not taken)' : ''}` : ''}
                        {item.route && item.doneOn ? ' · ' : ''}
                        {item.doneOn ? `done ${formatCivilDate(item.doneOn)}` : ''}
                      </Typography>
                    </Box>
                  }
                />
              );
            })}
          </FormGroup>
        </FormControl>
      ) : null}

      {stage.links.length > 0 ? (
        <Stack spacing={0.5}>
          {stage.links.map((link) => (
            <Link key={`${link.title}-${link.url}`} href={link.url} target="_blank" rel="noopener noreferrer" variant="body2" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
              <LinkIcon fontSize="small" />
              {link.title}
            </Link>
          ))}
        </Stack>
      ) : null}

      {!finished && journey.status !== 'withdrawn' ? (
        <Stack spacing={1}>
          {stage.status === 'not_started' ? <UnmetList title="Before it can start:" unmet={stage.unmetToStart} testId="stage-unmet-start" /> : null}
          <UnmetList title="Before it can complete:" unmet={stage.unmetToComplete} testId="stage-unmet-complete" />
        </Stack>
      ) : null}

      {refusal ? (
        <Alert
          severity="error"
          role="alert"
          data-testid="gate-error"
          onClose={() => setRefusal(null)}
          action={
            canOverride ? (
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  act.reset();
                  setOverrideOpen(true);
                }}
                data-testid="override-gate"
              >
                Override…
              </Button>
            ) : undefined
          }
        >
          <AlertTitle>{STAGE_ACTION_LABELS[refusal.action]} refused: a gate is not met</AlertTitle>
          {refusal.message}
          {refusal.unmet.length > 1 ? (
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 3 }}>
              {refusal.unmet.map((criterion, i) => (
                <li key={`${criterion.kind}-${i}`}>{criterion.message}</li>
              ))}
            </Box>
          ) : null}
          {canOverride ? null : (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              Only an organisation admin can override a gate.
            </Typography>
          )}
        </Alert>
      ) : null}
      {otherError ? (
        <Alert severity="error" role="alert" data-testid="stage-error" onClose={() => { setFailure(null); tick.reset(); route.reset(); }}>
          {errorMessage(otherError)}
        </Alert>
      ) : null}

      {writable ? (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }} data-testid="stage-actions">
          {stageActions(stage).map((action) => {
            const unmet = unmetFor(stage, action);
            return (
              <Tooltip key={action} title={unmet.length ? `Not yet: ${unmet.map((u) => u.message).join(' ')}` : ''}>
                <span>
                  <Button
                    size="small"
                    variant={action === 'complete' || action === 'start' ? 'contained' : 'outlined'}
                    color={action === 'block' ? 'error' : 'primary'}
                    onClick={() => onAction(action)}
                    disabled={act.isPending}
                    data-testid={`stage-action-${action}`}
                  >
                    {STAGE_ACTION_LABELS[action]}
                  </Button>
                </span>
              </Tooltip>
            );
          })}
          <TextField
            size="small"
            type="date"
            label="Happened on"
            value={on}
            onChange={(e) => setOn(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: todayInEngland(), 'data-testid': 'stage-action-date' } }}
            helperText="Empty: today"
            sx={{ width: 170 }}
          />
          <Button size="small" startIcon={<EditCalendarIcon />} onClick={() => { plan.reset(); setPlanOpen(true); }} data-testid="edit-stage-plan">
            Plan
          </Button>
        </Stack>
      ) : null}

      {skipOpen ? (
        <SkipDialog
          stage={stage}
          open
          onClose={() => setSkipOpen(false)}
          onSkip={(reason) => run('skip', { reason })}
          pending={act.isPending}
          error={act.error}
        />
      ) : null}
      {overrideOpen && refusal ? (
        <OverrideDialog
          stage={stage}
          action={STAGE_ACTION_LABELS[refusal.action].toLowerCase()}
          unmet={refusal.unmet}
          open
          onClose={() => setOverrideOpen(false)}
          onOverride={(justification) => run(refusal.action, { ...(refusal.request.reason ? { reason: refusal.request.reason } : {}), override: { justification } })}
          pending={act.isPending}
          error={act.error}
        />
      ) : null}
      {planOpen ? (
        <StagePlanDialog stage={stage} open onClose={() => setPlanOpen(false)} onSave={(request) => plan.mutate(request)} pending={plan.isPending} error={plan.error} />
      ) : null}
    </Stack>
  );
};
