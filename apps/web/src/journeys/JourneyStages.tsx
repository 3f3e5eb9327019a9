import { Box, Button, Chip, Stack, Step, StepButton, StepContent, Stepper, Typography } from '@mui/material';
import type { JourneyDetailDto, StageDto } from '@pairline/contracts';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatCivilDate } from '../common/format';
import { STAGE_STATUS_LABELS } from './labels';
import { StagePanel } from './StagePanel';
import { stageStatusIcon } from './StatusChips';

/** One line under a stage's name: status and the dates that matter for it. */
function stageSummary(stage: StageDto): string {
  const status = STAGE_STATUS_LABELS[stage.status];
  if (stage.status === 'done') return `${status} ${formatCivilDate(stage.actualEnd)}`;
  if (stage.status === 'skipped') return `${status} ${formatCivilDate(stage.actualEnd)}`;
  const forecast = stage.forecastEnd ? ` · forecast end ${formatCivilDate(stage.forecastEnd)}` : '';
  const planned = stage.plannedEnd ? ` · planned end ${formatCivilDate(stage.plannedEnd)}` : '';
  const sla = stage.sla ? ` · ${stage.sla.label}: ${stage.sla.elapsedWorkingDays} of ${stage.sla.slaWorkingDays} working days` : '';
  return `${status}${planned}${forecast}${sla}`;
}

const StageIcon = ({ stage }: { stage: StageDto }) => {
  const { color, icon } = stageStatusIcon(stage.status);
  const palette = color === 'default' || !color ? 'text.disabled' : `${color}.main`;
  return (
    <Box component="span" sx={{ color: palette, display: 'inline-flex', '& svg': { fontSize: 26 } }} aria-hidden>
      {icon}
    </Box>
  );
};

/**
 * The journey's stages as a vertical stepper: every stage's name, phase and status at a glance; the
 * current stage opens by default and any other opens on click.
 */
export const JourneyStages = ({ journey }: { journey: JourneyDetailDto }) => {
  // `?stage=key` (a bar clicked on the timeline) opens that stage as well and scrolls to it.
  const [params] = useSearchParams();
  const linked = params.get('stage');
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set([journey.currentStageKey, ...(linked ? [linked] : [])]));
  useEffect(() => {
    if (!linked) return;
    setExpanded((previous) => (previous.has(linked) ? previous : new Set([...previous, linked])));
    document.querySelector(`[data-testid="stage-${CSS.escape(linked)}"]`)?.scrollIntoView({ block: 'center' });
  }, [linked]);
  // When the journey moves on, the new current stage opens in place of the one just left.
  const shownCurrent = useRef(journey.currentStageKey);
  useEffect(() => {
    const left = shownCurrent.current;
    shownCurrent.current = journey.currentStageKey;
    if (left === journey.currentStageKey) return;
    setExpanded((previous) => {
      const next = new Set(previous);
      next.delete(left);
      next.add(journey.currentStageKey);
      return next;
    });
  }, [journey.currentStageKey]);

  const toggle = (key: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const allOpen = journey.stages.every((s) => expanded.has(s.key));

  return (
    <Box data-testid="journey-stages">
      <Stack direction="row" sx={{ justifyContent: 'flex-end', mb: 1 }}>
        <Button size="small" onClick={() => setExpanded(allOpen ? new Set([journey.currentStageKey]) : new Set(journey.stages.map((s) => s.key)))}>
          {allOpen ? 'Collapse stages' : 'Expand all stages'}
        </Button>
      </Stack>
      <Stepper orientation="vertical" nonLinear activeStep={-1}>
        {journey.stages.map((stage) => {
          const open = expanded.has(stage.key);
          const current = stage.key === journey.currentStageKey;
          return (
            <Step
              key={stage.key}
              completed={stage.status === 'done'}
              expanded={open}
              data-testid={`stage-${stage.key}`}
              data-status={stage.status}
              data-linked={stage.key === linked || undefined}
              sx={stage.key === linked ? { scrollMarginTop: 80, '& > .MuiStepButton-root': { bgcolor: 'action.selected', borderRadius: 1 } } : undefined}
            >
              <StepButton
                onClick={() => toggle(stage.key)}
                icon={<StageIcon stage={stage} />}
                aria-expanded={open}
                aria-controls={`stage-content-${stage.key}`}
                data-testid={`stage-toggle-${stage.key}`}
                optional={
                  <Typography variant="caption" color={stage.sla?.state === 'breached' ? 'error' : 'text.secondary'} data-testid="stage-summary">
                    {stage.phase} · {stageSummary(stage)}
                  </Typography>
                }
                sx={{ textAlign: 'left' }}
              >
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <Typography component="span" sx={{ fontWeight: current ? 700 : 500 }} data-testid="stage-name">
                    {stage.name}
                  </Typography>
                  {current && journey.status !== 'live' ? <Chip size="small" color="primary" label="Current stage" /> : null}
                  {stage.status !== 'not_started' && stage.status !== 'done' ? (
                    <Chip size="small" variant="outlined" label={STAGE_STATUS_LABELS[stage.status]} data-testid="stage-status" />
                  ) : null}
                </Stack>
              </StepButton>
              <StepContent id={`stage-content-${stage.key}`} slotProps={{ transition: { unmountOnExit: true } }}>
                <StagePanel journey={journey} stage={stage} />
              </StepContent>
            </Step>
          );
        })}
      </Stepper>
    </Box>
  );
};
