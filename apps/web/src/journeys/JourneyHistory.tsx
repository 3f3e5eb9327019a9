import { Alert, Box, Chip, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { AuditEventDto } from '@pairline/contracts';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { describeChanges } from '../audit-events/ChangesField';
import { formatDateTime } from '../common/format';
import { journeyHistoryQueryKey } from './useJourneyMutation';

const withoutJourneyId = (changes: AuditEventDto['changes']) =>
  changes ? Object.fromEntries(Object.entries(changes).filter(([field]) => field !== 'journeyId')) : changes;

/** GET /api/journeys/:id/history: the audit events of the journey, its stages and blocking items, newest first. */
export const JourneyHistory = ({ journeyId }: { journeyId: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const history = useQuery({ queryKey: journeyHistoryQueryKey(journeyId), queryFn: () => dataProvider.getJourneyHistory(journeyId) });

  if (history.isPending) return <CircularProgress size={24} />;
  if (history.isError) return <Alert severity="error">{errorMessage(history.error)}</Alert>;
  if (history.data.length === 0) return <Typography color="text.secondary">No history yet.</Typography>;
  return (
    <Table size="small" aria-label="Journey history" data-testid="journey-history">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>What</TableCell>
          <TableCell>On</TableCell>
          <TableCell>Changes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {history.data.map((event) => (
          <TableRow key={event.id} data-testid="history-row">
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt)}</TableCell>
            <TableCell>{event.actorLabel}</TableCell>
            <TableCell>
              <Chip size="small" variant="outlined" label={event.action} sx={{ fontFamily: 'monospace' }} data-testid="history-action" />
            </TableCell>
            <TableCell>{event.entityType}</TableCell>
            <TableCell>
              <Box sx={{ fontFamily: 'monospace', fontSize: 12, lineHeight: 1.5, wordBreak: 'break-word' }}>
                {/* Every event here belongs to this journey: its id on each line would only be noise. */}
                {describeChanges(withoutJourneyId(event.changes)).map((line) => (
                  <div key={line}>{line}</div>
                ))}
              </Box>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
