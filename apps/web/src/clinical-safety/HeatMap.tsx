import { Box, Stack, Tooltip, Typography } from '@mui/material';
import type { HazardDto, RiskPlanDto } from '@pairline/contracts';
import { LIKELIHOODS, SEVERITIES, rate, type Likelihood, type Severity } from '@pairline/domain';
import { useNavigate } from 'react-router-dom';
import { RATING_COLOURS } from './rating';

type Phase = 'initial' | 'residual';

/**
 * One 5 × 5 grid: likelihood rows (most likely on top, as the guidance prints it), severity columns.
 * Cells take their colour from the plan's own matrix, so a changed plan redraws itself.
 */
function Grid({ phase, hazards, plan, productId }: { phase: Phase; hazards: HazardDto[]; plan: RiskPlanDto; productId: string }) {
  const navigate = useNavigate();
  const counts = new Map<string, number>();
  let unrated = 0;
  for (const h of hazards) {
    const risk = h[phase];
    if (!risk) unrated += 1;
    else counts.set(`${risk.likelihood}|${risk.severity}`, (counts.get(`${risk.likelihood}|${risk.severity}`) ?? 0) + 1);
  }
  const name = (list: { key: string; name: string }[], key: string) => list.find((d) => d.key === key)?.name ?? key;
  const open = (rating: number) => {
    const filter = JSON.stringify({ productId, [`${phase}Rating`]: rating, withdrawn: false });
    navigate(`/hazards?${new URLSearchParams({ filter })}`);
  };
  const rows = [...LIKELIHOODS].reverse();
  return (
    <Box data-testid={`heatmap-${phase}`}>
      <Typography variant="subtitle2" sx={{ mb: 0.5 }}>{phase === 'initial' ? 'Initial' : 'Residual'} risk</Typography>
      <Box component="table" sx={{ borderCollapse: 'separate', borderSpacing: 2, fontSize: 12 }}>
        <tbody>
          {rows.map((likelihood: Likelihood) => (
            <tr key={likelihood}>
              <Box component="th" sx={{ textAlign: 'right', pr: 1, fontWeight: 400, color: 'text.secondary', whiteSpace: 'nowrap' }}>{name(plan.likelihoods, likelihood)}</Box>
              {SEVERITIES.map((severity: Severity) => {
                const rating = rate(plan, likelihood, severity);
                const count = counts.get(`${likelihood}|${severity}`) ?? 0;
                return (
                  <td key={severity}>
                    <Tooltip title={`${name(plan.likelihoods, likelihood)} × ${name(plan.severities, severity)}: rating ${rating}, ${count} hazard${count === 1 ? '' : 's'}`}>
                      <Box
                        role="button"
                        tabIndex={0}
                        onClick={() => open(rating)}
                        onKeyDown={(e) => e.key === 'Enter' && open(rating)}
                        data-testid={`heatmap-${phase}-${likelihood}-${severity}`}
                        data-count={count}
                        data-rating={rating}
                        sx={{
                          width: 44,
                          height: 30,
                          display: 'flex',
                          alignItems: 'center',
                          justifyContent: 'center',
                          borderRadius: 0.5,
                          cursor: 'pointer',
                          bgcolor: RATING_COLOURS[rating].bg,
                          color: RATING_COLOURS[rating].fg,
                          opacity: count ? 1 : 0.35,
                          fontWeight: 700,
                          fontSize: 13,
                          outline: count ? '2px solid rgba(0,0,0,0.25)' : 'none',
                        }}
                      >
                        {count || ''}
                      </Box>
                    </Tooltip>
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th />
            {SEVERITIES.map((severity) => (
              <Box component="th" key={severity} sx={{ fontWeight: 400, color: 'text.secondary', fontSize: 11, maxWidth: 44, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {name(plan.severities, severity).slice(0, 6)}
              </Box>
            ))}
          </tr>
        </tbody>
      </Box>
      <Typography variant="caption" color="text.secondary">Likelihood ↑ · Severity → {unrated ? ` · ${unrated} not rated` : ''}</Typography>
    </Box>
  );
}

export function HeatMap({ hazards, plan, productId }: { hazards: HazardDto[]; plan: RiskPlanDto; productId: string }) {
  return (
    <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Grid phase="initial" hazards={hazards} plan={plan} productId={productId} />
      <Grid phase="residual" hazards={hazards} plan={plan} productId={productId} />
    </Stack>
  );
}
