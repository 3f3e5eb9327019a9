import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import type { ForecastHistoryDto } from '@pairline/contracts';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { formatCivilDate } from '../common/format';
import { COLOURS, formatSlip } from './layout';
import { dayNumber, shortDate } from './scale';

const WIDTH = 640;
const HEIGHT = 150;
const PAD = { left: 64, right: 12, top: 10, bottom: 24 };

/**
 * The go-live forecast as it was on each day it changed: a step line of forecast date (up = later)
 * against the day it was forecast. A flat line is a forecast that held; each step up is a slip.
 */
const Chart = ({ history }: { history: ForecastHistoryDto }) => {
  const points = history.points.filter((p) => p.forecastGoLive !== null) as { asOf: string; forecastGoLive: string; drift: number | null }[];
  const xs = points.map((p) => dayNumber(p.asOf));
  const ys = points.map((p) => dayNumber(p.forecastGoLive));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  const yMin = Math.min(...ys) - 7;
  const yMax = Math.max(...ys, yMin + 14) + 7;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const sx = (d: number) => PAD.left + ((d - x0) / (x1 - x0)) * innerW;
  const sy = (d: number) => PAD.top + innerH - ((d - yMin) / (yMax - yMin)) * innerH;
  // Each forecast holds until the next change, then steps; the last one holds to the last day known.
  let path = '';
  points.forEach((_p, i) => {
    const x = sx(xs[i]);
    const y = sy(ys[i]);
    path += i === 0 ? `M${x} ${y}` : `H${x}V${y}`;
  });
  path += `H${sx(x1)}`;
  const yTicks = [Math.min(...ys), Math.max(...ys)].filter((v, i, all) => all.indexOf(v) === i);
  return (
    <svg width="100%" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Go-live forecast over time" data-testid="forecast-history-chart" style={{ maxWidth: WIDTH, display: 'block' }}>
      <rect x={PAD.left} y={PAD.top} width={innerW} height={innerH} fill="#F8FAFB" stroke={COLOURS.grid} />
      {yTicks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(v)} y2={sy(v)} stroke={COLOURS.grid} strokeDasharray="3 3" />
          <text x={PAD.left - 6} y={sy(v) + 4} fontSize={11} textAnchor="end" fill={COLOURS.muted} fontFamily="Arial, Helvetica, sans-serif">
            {shortDate(new Date(v * 86_400_000).toISOString().slice(0, 10))}
          </text>
        </g>
      ))}
      <text x={PAD.left} y={HEIGHT - 6} fontSize={11} fill={COLOURS.muted} fontFamily="Arial, Helvetica, sans-serif">
        {shortDate(points[0].asOf)}
      </text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 6} fontSize={11} textAnchor="end" fill={COLOURS.muted} fontFamily="Arial, Helvetica, sans-serif">
        {shortDate(points[points.length - 1].asOf)}
      </text>
      <path d={path} fill="none" stroke="#005EB8" strokeWidth={2} />
      {points.map((p, i) => (
        <circle key={p.asOf} cx={sx(xs[i])} cy={sy(ys[i])} r={3.5} fill={p.drift && p.drift > 0 ? COLOURS.late : '#005EB8'}>
          <title>{`${formatCivilDate(p.asOf)}: forecast ${formatCivilDate(p.forecastGoLive)}${p.drift ? ` (${formatSlip(p.drift)})` : ''}`}</title>
        </circle>
      ))}
    </svg>
  );
};

/** GET /api/journeys/:id/forecast-history, on the journey page: how the go-live forecast has moved. */
export const ForecastHistoryCard = ({ journeyId }: { journeyId: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const history = useQuery({ queryKey: ['forecast-history', journeyId], queryFn: () => dataProvider.getForecastHistory(journeyId) });
  const withDates = history.data?.points.filter((p) => p.forecastGoLive !== null) ?? [];
  return (
    <Card data-testid="forecast-history">
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', mb: 1 }}>
          <Box>
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
              Go-live forecast history
            </Typography>
            <Typography variant="body2" color="text.secondary">
              The forecast go-live on each day it changed.
            </Typography>
          </Box>
          {history.data && withDates.length ? (
            <Stack direction="row" spacing={3} sx={{ flexShrink: 0 }}>
              <Box>
                <Typography variant="caption" color="text.secondary" component="div">
                  Total drift
                </Typography>
                <Typography variant="body1" sx={{ fontWeight: 700, color: history.data.totalDrift && history.data.totalDrift > 0 ? 'error.main' : 'text.primary' }} data-testid="forecast-total-drift">
                  {history.data.totalDrift === null ? '—' : history.data.totalDrift === 0 ? 'none' : formatSlip(history.data.totalDrift)}
                </Typography>
              </Box>
              <Box>
                <Typography variant="caption" color="text.secondary" component="div">
                  Changes
                </Typography>
                <Typography variant="body1" sx={{ fontWeight: 700 }} data-testid="forecast-changes">
                  {history.data.changes}
                </Typography>
              </Box>
            </Stack>
          ) : null}
        </Stack>
        {history.isPending ? (
          <CircularProgress size={20} />
        ) : history.isError ? (
          <Alert severity="error">{errorMessage(history.error)}</Alert>
        ) : withDates.length === 0 ? (
          <Typography variant="body2" color="text.secondary" data-testid="forecast-history-empty">
            No forecast recorded yet: one is stored each day the journey has a forecast go-live.
          </Typography>
        ) : (
          <Chart history={history.data} />
        )}
      </CardContent>
    </Card>
  );
};
