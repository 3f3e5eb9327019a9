import { Box, Tooltip, Typography } from '@mui/material';
import type { AuditEventDto } from '@pairline/contracts';
import { useRecordContext } from 'react-admin';

const MAX_LINES = 3;
const MAX_VALUE = 40;

function show(value: unknown): string {
  if (value === undefined) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** One line per changed field: `role: contributor → org_admin`. */
export function describeChanges(changes: AuditEventDto['changes']): string[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, change]) => {
    if (change === null || typeof change !== 'object') return `${field}: ${show(change)}`;
    const hasBefore = 'before' in change;
    const hasAfter = 'after' in change;
    if (hasBefore && hasAfter) return `${field}: ${show(change.before)} → ${show(change.after)}`;
    if (hasAfter) return `${field}: ${show(change.after)}`;
    if (hasBefore) return `${field}: ${show(change.before)} → ∅`;
    return `${field}: ${show(change)}`;
  });
}

/** A compact rendering of an event's changes for the list; the full JSON is in the expanded row. */
export const ChangesField = (_props: { label?: string; sortable?: boolean }) => {
  const record = useRecordContext<AuditEventDto>();
  const lines = describeChanges(record?.changes ?? null);
  if (lines.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        —
      </Typography>
    );
  }
  const shown = lines.slice(0, MAX_LINES);
  return (
    <Tooltip title={<Box sx={{ whiteSpace: 'pre-wrap' }}>{lines.join('\n')}</Box>}>
      <Box data-testid="audit-changes" sx={{ fontFamily: 'monospace', fontSize: 12, lineHeight: 1.5 }}>
        {shown.map((line) => (
          <div key={line}>{line}</div>
        ))}
        {lines.length > MAX_LINES ? <Typography variant="caption" color="text.secondary">+{lines.length - MAX_LINES} more</Typography> : null}
      </Box>
    </Tooltip>
  );
};
