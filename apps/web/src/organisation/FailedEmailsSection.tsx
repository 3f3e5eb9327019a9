import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, Box, Button, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import type { EmailOutboxDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { errorMessage, httpClient } from '../auth';
import { formatDateTime } from '../common/format';
import { Section } from '../profile/Section';

const FAILED_KEY = ['email-outbox', 'failed'] as const;

/** Reminder emails the SMTP server refused for good; an admin fixes the cause (an address, the relay) and sends them again. */
export const FailedEmailsSection = () => {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const failed = useQuery({
    queryKey: FAILED_KEY,
    queryFn: async () => {
      const query = new URLSearchParams({ state: 'failed', sort: JSON.stringify(['createdAt', 'DESC']), range: JSON.stringify([0, 99]) });
      return (await httpClient(`/api/email-outbox?${query}`)).json as EmailOutboxDto[];
    },
  });
  const retry = useMutation({
    mutationFn: async (id: string) => (await httpClient(`/api/email-outbox/${id}/retry`, { method: 'POST' })).json as EmailOutboxDto,
    onSuccess: (email) => notify(`Sending again to ${email.recipientEmail}`, { type: 'info' }),
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: FAILED_KEY }),
  });

  return (
    <Section id="failed-emails" title="Failed reminder emails">
      {failed.isPending ? <CircularProgress size={24} /> : null}
      {failed.isError ? <Alert severity="error">{errorMessage(failed.error)}</Alert> : null}
      {failed.data && !failed.data.length ? (
        <Typography variant="body2" color="text.secondary" data-testid="failed-emails-empty">
          No failed emails. Every reminder the mail server was given has been delivered to it.
        </Typography>
      ) : null}
      {failed.data?.length ? (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="failed-emails">
            <TableHead>
              <TableRow>
                <TableCell>Recipient</TableCell>
                <TableCell>Subject</TableCell>
                <TableCell>Error</TableCell>
                <TableCell align="right">Attempts</TableCell>
                <TableCell>Queued</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {failed.data.map((email) => (
                <TableRow key={email.id} data-testid="failed-email">
                  <TableCell>{email.recipientEmail}</TableCell>
                  <TableCell sx={{ maxWidth: 280 }}>{email.subject}</TableCell>
                  <TableCell sx={{ maxWidth: 260, color: 'error.main', fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-word' }}>{email.lastError ?? '—'}</TableCell>
                  <TableCell align="right">{email.attempts}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(email.createdAt)}</TableCell>
                  <TableCell align="right">
                    <Tooltip title="Send it again">
                      <span>
                        <Button size="small" startIcon={<ReplayIcon />} disabled={retry.isPending} onClick={() => retry.mutate(email.id)} aria-label={`Retry email to ${email.recipientEmail}`}>
                          Retry
                        </Button>
                      </span>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
    </Section>
  );
};
