import { Box, Button, Chip, Stack, Tooltip, Typography } from '@mui/material';
import type { HazardDto, RiskPlanDto } from '@pairline/contracts';
import { LIKELIHOODS, SEVERITIES, rate, type Likelihood, type Severity } from '@pairline/domain';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RATING_COLOURS, nameOf } from './rating';

type Phase = 'initial' | 'residual';

interface Cell {
  phase: Phase;
  likelihood: Likelihood;
  severity: Severity;
}

const sameCell = (a: Cell | null, b: Cell) => a !== null && a.phase === b.phase && a.likelihood === b.likelihood && a.severity === b.severity;
const inCell = (h: HazardDto, c: Cell) => h[c.phase]?.likelihood === c.likelihood && h[c.phase]?.severity === c.severity;

/**
 * One 5 × 5 grid: likelihood rows (most likely on top, as the guidance prints it), severity columns.
 * Cells take their colour from the plan's own matrix, so a changed plan redraws itself.
 */
function Grid({ phase, hazards, plan, active, onToggle }: { phase: Phase; hazards: HazardDto[]; plan: RiskPlanDto; active: Cell | null; onToggle: (cell: Cell) => void }) {
  const counts = new Map<string, number>();
  let unrated = 0;
  for (const h of hazards) {
    const risk = h[phase];
    if (!risk) unrated += 1;
    else counts.set(`${risk.likelihood}|${risk.severity}`, (counts.get(`${risk.likelihood}|${risk.severity}`) ?? 0) + 1);
  }
  const rows = [...LIKELIHOODS].reverse();
  return (
    <Box data-testid={`heatmap-${phase}`}>
      <Typography variant="subtitle2" sx={{ mb: 0.5 }}>{phase === 'initial' ? 'Initial' : 'Residual'} risk</Typography>
      <Box component="table" sx={{ borderCollapse: 'separate', borderSpacing: 2, fontSize: 12 }}>
        <tbody>
          {rows.map((likelihood: Likelihood) => (
            <tr key={likelihood}>
              <Box component="th" sx={{ textAlign: 'right', pr: 1, fontWeight: 400, color: 'text.secondary', whiteSpace: 'nowrap' }}>{nameOf(plan.likelihoods, likelihood)}</Box>
              {SEVERITIES.map((severity: Severity) => {
                const rating = rate(plan, likelihood, severity);
                const count = counts.get(`${likelihood}|${severity}`) ?? 0;
                const cell = { phase, likelihood, severity };
                const selected = sameCell(active, cell);
                return (
                  <td key={severity}>
                    <Tooltip title={`${nameOf(plan.likelihoods, likelihood)} × ${nameOf(plan.severities, severity)}: rating ${rating}, ${count} hazard${count === 1 ? '' : 's'}`}>
                      <Box
                        role="button"
                        tabIndex={0}
                        aria-pressed={selected}
                        onClick={() => onToggle(cell)}
                        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onToggle(cell)}
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
                          opacity: count || selected ? 1 : 0.35,
                          fontWeight: 700,
                          fontSize: 13,
                          // The active filter stands out from the faint outline every occupied cell has.
                          outline: selected ? '3px solid' : count ? '2px solid rgba(0,0,0,0.25)' : 'none',
                          outlineColor: selected ? 'text.primary' : undefined,
                          outlineOffset: selected ? 1 : 0,
                          transform: selected ? 'scale(1.08)' : 'none',
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
                {nameOf(plan.severities, severity).slice(0, 6)}
              </Box>
            ))}
          </tr>
        </tbody>
      </Box>
      <Typography variant="caption" color="text.secondary">Likelihood ↑ · Severity → {unrated ? ` · ${unrated} not rated` : ''}</Typography>
    </Box>
  );
}

/**
 * Both grids; a cell filters the hazards shown under them to that severity and likelihood, and a
 * second click on it clears the filter. The hazard log opens at the cell's rating, which is as
 * close as its filters come to one cell.
 */
export function HeatMap({ hazards, plan, productId }: { hazards: HazardDto[]; plan: RiskPlanDto; productId: string }) {
  const [active, setActive] = useState<Cell | null>(null);
  const toggle = (cell: Cell) => setActive((current) => (sameCell(current, cell) ? null : cell));
  const matching = active ? hazards.filter((h) => inCell(h, active)) : [];
  const rating = active ? rate(plan, active.likelihood, active.severity) : null;
  return (
    <Box>
      <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Grid phase="initial" hazards={hazards} plan={plan} active={active} onToggle={toggle} />
        <Grid phase="residual" hazards={hazards} plan={plan} active={active} onToggle={toggle} />
      </Stack>
      {active ? (
        <Box sx={{ mt: 1.5 }} data-testid="heatmap-filter" data-phase={active.phase} data-likelihood={active.likelihood} data-severity={active.severity}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip
              size="small"
              label={`${active.phase === 'initial' ? 'Initial' : 'Residual'}: ${nameOf(plan.likelihoods, active.likelihood)} × ${nameOf(plan.severities, active.severity)} (rating ${rating}) · ${matching.length} hazard${matching.length === 1 ? '' : 's'}`}
              onDelete={() => setActive(null)}
              data-testid="heatmap-filter-chip"
            />
            <Button size="small" component={Link} to={`/hazards?${new URLSearchParams({ filter: JSON.stringify({ productId, [`${active.phase}Rating`]: rating, withdrawn: false }) })}`} data-testid="heatmap-open-list">
              Hazard log at rating {rating}
            </Button>
          </Stack>
          {matching.length ? (
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
              {matching.map((h) => (
                <li key={h.id} data-testid="heatmap-filter-hazard">
                  <Link to={`/hazards/${encodeURIComponent(h.id)}`}>{h.number}</Link> {h.name}
                </li>
              ))}
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>No live hazard in this cell.</Typography>
          )}
        </Box>
      ) : null}
    </Box>
  );
}
