import { Box, Chip, Tooltip } from '@mui/material';
import type { RiskPlanDto } from '@pairline/contracts';
import { LIKELIHOODS, SEVERITIES, rate, type Likelihood, type RiskRating, type Severity } from '@pairline/domain';

/** Green to red as the guidance's criteria go from "no further action" to "unacceptable". */
export const RATING_COLOURS: Record<RiskRating, { bg: string; fg: string }> = {
  1: { bg: '#2e7d32', fg: '#fff' },
  2: { bg: '#9ccc65', fg: '#1b2a0e' },
  3: { bg: '#fbc02d', fg: '#2b2100' },
  4: { bg: '#ef6c00', fg: '#fff' },
  5: { bg: '#c62828', fg: '#fff' },
};

export const SEVERITY_LABELS: Record<Severity, string> = { minor: 'Minor', significant: 'Significant', considerable: 'Considerable', major: 'Major', catastrophic: 'Catastrophic' };
export const LIKELIHOOD_LABELS: Record<Likelihood, string> = { very_low: 'Very low', low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' };
/** A severity's or likelihood's name in the plan's own words; the key where the plan does not name it. */
export const nameOf = (list: { key: string; name: string }[], key: string) => list.find((d) => d.key === key)?.name ?? key;

export const severityChoices = SEVERITIES.map((id) => ({ id, name: SEVERITY_LABELS[id] }));
export const likelihoodChoices = LIKELIHOODS.map((id) => ({ id, name: LIKELIHOOD_LABELS[id] }));

/** The plan's own rating for a pair, read through the domain lookup; null until both are chosen. */
export function liveRating(plan: RiskPlanDto | undefined, severity: unknown, likelihood: unknown): RiskRating | null {
  if (!plan || !SEVERITIES.includes(severity as Severity) || !LIKELIHOODS.includes(likelihood as Likelihood)) return null;
  return rate(plan, likelihood as Likelihood, severity as Severity);
}

export function RatingChip({ rating, plan, testId }: { rating: RiskRating | null | undefined; plan?: RiskPlanDto; testId?: string }) {
  if (!rating) return <Chip size="small" variant="outlined" label="Not rated" data-testid={testId} data-rating="" />;
  const criterion = plan?.acceptability[rating];
  const chip = (
    <Chip
      size="small"
      label={criterion ? `${rating} · ${criterion.acceptance.replace('_', ' ')}` : String(rating)}
      data-testid={testId}
      data-rating={rating}
      sx={{ bgcolor: RATING_COLOURS[rating].bg, color: RATING_COLOURS[rating].fg, fontWeight: 600, minWidth: 32, maxWidth: 'none', flexShrink: 0 }}
    />
  );
  return criterion ? <Tooltip title={criterion.description}>{chip}</Tooltip> : chip;
}

/** A small square of a rating's colour, for dense tables. */
export const RatingSwatch = ({ rating }: { rating: RiskRating | null | undefined }) =>
  rating ? (
    <Box component="span" data-rating={rating} sx={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: 24, height: 20, borderRadius: 0.5, fontSize: 12, fontWeight: 700, bgcolor: RATING_COLOURS[rating].bg, color: RATING_COLOURS[rating].fg }}>
      {rating}
    </Box>
  ) : (
    <Box component="span" sx={{ color: 'text.disabled' }}>—</Box>
  );
