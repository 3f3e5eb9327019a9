import { Box, Card, CardActionArea, CardContent, CardHeader, LinearProgress, Stack, Typography, type CardProps } from '@mui/material';
import type { ReactNode } from 'react';
import { Link } from 'react-admin';

/**
 * The dashboard's building blocks: a titled card, a headline figure, and bars drawn with boxes.
 * Simple bars read better than charts for counts this small, and cost no chart library.
 */

export const Panel = ({ title, subheader, action, children, testId, sx }: { title: string; subheader?: string; action?: ReactNode; children: ReactNode; testId: string; sx?: CardProps['sx'] }) => (
  <Card data-testid={testId} sx={{ display: 'flex', flexDirection: 'column', ...sx }}>
    <CardHeader title={title} subheader={subheader} action={action} slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 700 } }, subheader: { variant: 'body2' } }} sx={{ pb: 0.5 }} />
    <CardContent sx={{ pt: 1, flex: 1 }}>{children}</CardContent>
  </Card>
);

/** One headline number; `tone` colours it when it needs attention. */
export const Figure = ({ label, value, hint, tone = 'default', to, testId }: { label: string; value: number; hint?: string; tone?: 'default' | 'error' | 'warning' | 'success'; to?: string; testId: string }) => {
  const colour = tone === 'default' || value === 0 ? 'text.primary' : `${tone}.main`;
  const body = (
    <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
      <Typography variant="body2" color="text.secondary" noWrap>
        {label}
      </Typography>
      <Typography variant="h4" component="div" sx={{ color: colour, fontWeight: 700, lineHeight: 1.3 }} data-testid={`${testId}-value`}>
        {value}
      </Typography>
      {hint ? (
        <Typography variant="caption" color="text.secondary" component="div" noWrap>
          {hint}
        </Typography>
      ) : null}
    </CardContent>
  );
  return (
    <Card data-testid={testId} sx={{ borderLeft: 4, borderLeftColor: tone === 'default' || value === 0 ? 'divider' : `${tone}.main` }}>
      {to ? (
        <CardActionArea component={Link} to={to}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
};

/** Horizontal bars, longest first as given, each with its count written out. */
export const BarList = ({ items, colour = 'primary.main', testId, empty = 'Nothing to show yet.' }: { items: { key: string; label: ReactNode; value: number; colour?: string; to?: string }[]; colour?: string; testId: string; empty?: string }) => {
  const max = Math.max(1, ...items.map((i) => i.value));
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid={testId}>
        {empty}
      </Typography>
    );
  }
  return (
    <Stack spacing={0.75} data-testid={testId}>
      {items.map((item) => (
        <Box key={item.key} sx={{ display: 'grid', gridTemplateColumns: 'minmax(120px, 40%) 1fr 40px', gap: 1, alignItems: 'center' }} data-testid={`${testId}-item`}>
          <Typography variant="body2" noWrap title={typeof item.label === 'string' ? item.label : undefined}>
            {item.to ? <Link to={item.to}>{item.label}</Link> : item.label}
          </Typography>
          <Box sx={{ height: 12, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
            <Box sx={{ height: '100%', width: `${(item.value / max) * 100}%`, bgcolor: item.colour ?? colour, borderRadius: 1 }} />
          </Box>
          <Typography variant="body2" sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
            {item.value}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
};

/** One bar split into coloured parts, with a legend that names each part and its count. */
export const StackedBar = ({ parts, testId }: { parts: { key: string; label: string; value: number; colour: string }[]; testId: string }) => {
  const total = parts.reduce((n, p) => n + p.value, 0);
  return (
    <Box data-testid={testId}>
      <Box sx={{ display: 'flex', height: 18, borderRadius: 1, overflow: 'hidden', bgcolor: 'action.hover' }} role="img" aria-label={parts.map((p) => `${p.label}: ${p.value}`).join(', ')}>
        {parts.map((p) => (p.value ? <Box key={p.key} sx={{ width: `${(p.value / total) * 100}%`, bgcolor: p.colour }} /> : null))}
      </Box>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
        {parts.map((p) => (
          <Stack key={p.key} direction="row" spacing={0.75} sx={{ alignItems: 'center' }} data-testid={`${testId}-${p.key}`}>
            <Box sx={{ width: 10, height: 10, borderRadius: '2px', bgcolor: p.colour }} />
            <Typography variant="body2">
              {p.label} <strong>{p.value}</strong>
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Box>
  );
};

/** A share done out of a total, as a bar with the numbers beside it. */
export const Progress = ({ done, total }: { done: number; total: number }) => {
  const value = total ? Math.round((done / total) * 100) : 0;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <LinearProgress variant="determinate" value={value} sx={{ flex: 1, height: 8, borderRadius: 1 }} color={value === 100 ? 'success' : 'primary'} />
      <Typography variant="caption" sx={{ minWidth: 72, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {done}/{total} ({value}%)
      </Typography>
    </Stack>
  );
};
