import { Box, Stack, Typography } from '@mui/material';
import type { AuditEventDto } from '@pairline/contracts';
import { useRecordContext } from 'react-admin';

const Row = ({ label, value }: { label: string; value: string | null }) => (
  <Stack direction="row" spacing={1}>
    <Typography variant="body2" color="text.secondary" sx={{ minWidth: 110 }}>
      {label}
    </Typography>
    <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
      {value ?? '—'}
    </Typography>
  </Stack>
);

/** The expanded row: everything the event records, changes as JSON. */
export const AuditEventDetail = () => {
  const record = useRecordContext<AuditEventDto>();
  if (!record) return null;
  return (
    <Stack spacing={0.5} sx={{ py: 1 }} data-testid="audit-event-detail">
      <Row label="Event id" value={record.id} />
      <Row label="Actor user id" value={record.actorUserId} />
      <Row label="Request id" value={record.requestId} />
      <Row label="IP address" value={record.ip} />
      <Row label="Hash" value={record.hash} />
      <Typography variant="body2" color="text.secondary">
        Changes
      </Typography>
      <Box component="pre" sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, overflowX: 'auto' }}>
        {record.changes ? JSON.stringify(record.changes, null, 2) : 'None'}
      </Box>
    </Stack>
  );
};
