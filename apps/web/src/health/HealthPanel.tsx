import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Chip, IconButton, Stack, Tooltip, Typography, type ChipProps } from '@mui/material';
import type { HealthComponent, HealthResponse } from '@pairline/contracts';
import { useApiHealth } from './useApiHealth';

/** Components shown first, in this order; anything else the API reports follows. */
const KNOWN_COMPONENTS: ReadonlyArray<[key: string, label: string]> = [
  ['database', 'Database'],
  ['migrations', 'Migrations'],
  ['queue', 'Queue'],
  ['worker', 'Worker'],
];

const COMPONENT_COLOUR: Record<HealthComponent['status'], ChipProps['color']> = {
  up: 'success',
  down: 'error',
  unavailable: 'warning',
};

const OVERALL: Record<HealthResponse['status'], { label: string; color: ChipProps['color'] }> = {
  ok: { label: 'API: ok', color: 'success' },
  error: { label: 'API: error', color: 'error' },
  shutting_down: { label: 'API: shutting down', color: 'warning' },
};

function labelFor(key: string): string {
  const known = KNOWN_COMPONENTS.find(([name]) => name === key);
  if (known) return known[1];
  return key.charAt(0).toUpperCase() + key.slice(1).replace(/[_-]+/g, ' ');
}

function orderedComponents(details: HealthResponse['details']): Array<[string, HealthComponent]> {
  const rank = (key: string) => {
    const index = KNOWN_COMPONENTS.findIndex(([name]) => name === key);
    return index === -1 ? KNOWN_COMPONENTS.length : index;
  };
  return Object.entries(details).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

const ComponentRow = ({ name, component }: { name: string; component: HealthComponent }) => (
  <Stack
    direction={{ xs: 'column', sm: 'row' }}
    spacing={{ xs: 0.5, sm: 1.5 }}
    sx={{ alignItems: { xs: 'flex-start', sm: 'center' } }}
    data-testid={`health-${name}`}
  >
    <Chip
      size="small"
      label={`${labelFor(name)}: ${component.status}`}
      color={COMPONENT_COLOUR[component.status] ?? 'default'}
      sx={{ minWidth: 150, justifyContent: 'flex-start' }}
    />
    {component.message ? (
      <Typography variant="body2" color="text.secondary">
        {component.message}
      </Typography>
    ) : null}
  </Stack>
);

export const HealthPanel = () => {
  const { health, refresh } = useApiHealth();

  return (
    <Box data-testid="health" aria-live="polite">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1.5 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          System health
        </Typography>
        {health.state !== 'loading' ? (
          <Typography variant="caption" color="text.secondary">
            Checked at {health.checkedAt.toLocaleTimeString('en-GB')}
          </Typography>
        ) : null}
        <Tooltip title="Check again">
          <IconButton size="small" onClick={refresh} aria-label="Check API health again">
            <RefreshIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>

      {health.state === 'loading' ? (
        <Typography variant="body2" color="text.secondary">
          Checking the API…
        </Typography>
      ) : null}

      {health.state === 'unreachable' ? (
        <Stack spacing={1} data-testid="health-overall">
          <Chip size="small" label="API: unreachable" color="error" sx={{ alignSelf: 'flex-start' }} />
          <Typography variant="body2" color="text.secondary">
            {health.reason}
          </Typography>
        </Stack>
      ) : null}

      {health.state === 'loaded' ? (
        <Stack spacing={1}>
          <Chip
            size="small"
            data-testid="health-overall"
            label={OVERALL[health.report.status]?.label ?? `API: ${health.report.status}`}
            color={OVERALL[health.report.status]?.color ?? 'default'}
            sx={{ alignSelf: 'flex-start' }}
          />
          {orderedComponents(health.report.details).map(([name, component]) => (
            <ComponentRow key={name} name={name} component={component} />
          ))}
        </Stack>
      ) : null}
    </Box>
  );
};
