import { Alert, AlertTitle, Chip, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, Typography } from '@mui/material';
import type { StageDto } from '@pairline/contracts';

/**
 * The route of a stage that offers alternatives (assurance: test evidence or a witness test), with
 * the route the journey's data asks for, when it asks (NHS England's review column asking for
 * witness testing). The advice is shown, never applied: choosing the route stays the user's act.
 */
export const StageRoute = ({ stage, disabled, onChange }: { stage: StageDto; disabled: boolean; onChange: (route: string | null) => void }) => {
  const advice = stage.routeAdvice;
  const advisedName = advice ? (stage.routes.find((r) => r.key === advice.route)?.name ?? advice.route) : null;
  const against = !!advice && stage.route !== null && stage.route !== advice.route;
  return (
    <Stack spacing={1}>
      {advice ? (
        <Alert severity={against ? 'warning' : 'info'} data-testid="stage-route-advice" data-route={advice.route}>
          <AlertTitle>{stage.route === advice.route ? `${advisedName}: the route asked for` : `${advisedName} is asked for`}</AlertTitle>
          {advice.reason}
          {against ? ` The route chosen is another one.` : ''}
        </Alert>
      ) : null}
      <FormControl disabled={disabled} data-testid="stage-route">
        <FormLabel id={`route-${stage.key}`}>Assurance route (one, not both)</FormLabel>
        <RadioGroup row aria-labelledby={`route-${stage.key}`} value={stage.route ?? ''} onChange={(event) => onChange(event.target.value || null)}>
          {stage.routes.map((r) => (
            <FormControlLabel
              key={r.key}
              value={r.key}
              control={<Radio />}
              label={
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} component="span">
                  <span>{r.name}</span>
                  {advice?.route === r.key ? <Chip size="small" color="info" label="Advised" data-testid="stage-route-advised" /> : null}
                </Stack>
              }
            />
          ))}
        </RadioGroup>
        {!stage.route ? (
          <Typography variant="body2" color="text.secondary">
            No route chosen yet: the stage cannot complete until one is.
          </Typography>
        ) : null}
      </FormControl>
    </Stack>
  );
};
