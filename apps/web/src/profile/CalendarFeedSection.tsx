import EventIcon from '@mui/icons-material/Event';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify } from 'react-admin';
import { errorMessage, httpClient } from '../auth';
import { CopyableSecret } from './CopyableSecret';
import { Section } from './Section';

/** The server answers a path or a full URL depending on its public URL setting; calendar apps need a full one. */
const absolute = (url: string) => new URL(url, window.location.origin).toString();

/**
 * The member's secret ICS address. The server keeps only its hash, so the page cannot tell whether
 * one exists: the URL is shown once, right after it is made, and "revoke" is always offered.
 */
export const CalendarFeedSection = () => {
  const notify = useNotify();
  const [url, setUrl] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);

  const create = useMutation({
    mutationFn: async () => (await httpClient('/api/calendar-feed', { method: 'POST' })).json as { url: string },
    onSuccess: (feed) => {
      setUrl(absolute(feed.url));
    },
  });
  const revoke = useMutation({
    mutationFn: () => httpClient('/api/calendar-feed', { method: 'DELETE' }),
    onSuccess: () => {
      setUrl(null);
      setConfirmRevoke(false);
      notify('Calendar feed revoked: calendars subscribed to it stop updating', { type: 'info' });
    },
  });



  return (
    <Section id="calendar-feed" title="Calendar feed">
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary">
          Every open due date you own, or on a journey you own, as all-day events in Outlook or Google Calendar. The address is private: anyone who has it can
          read your due dates, so treat it like a password.
        </Typography>
        {url ? (
          <Stack spacing={2} data-testid="calendar-feed-created">
            <Alert severity="warning">Copy this address now. It will not be shown again; creating a new one stops this one working.</Alert>
            <CopyableSecret value={url} copyTitle="Copy address" copyLabel="Copy calendar address" testId="calendar-feed-url" copyTestId="copy-calendar-feed" fontSize={13} />
            <Box component="ul" sx={{ m: 0, pl: 2.5, typography: 'body2' }}>
              <li>
                <strong>Outlook:</strong> Calendar → Add calendar → Subscribe from web, paste the address, then Import.
              </li>
              <li>
                <strong>Google Calendar:</strong> Other calendars → + → From URL, paste the address, then Add calendar. Google refreshes it every few hours.
              </li>
            </Box>
          </Stack>
        ) : null}
        {create.error ? <Alert severity="error">{errorMessage(create.error)}</Alert> : null}
        {revoke.error ? <Alert severity="error">{errorMessage(revoke.error)}</Alert> : null}
        <Stack direction="row" spacing={1}>
          <Button variant="contained" startIcon={<EventIcon />} disabled={create.isPending} onClick={() => create.mutate()} data-testid="create-calendar-feed">
            {url ? 'Create a new address' : 'Create calendar address'}
          </Button>
          <Button color="error" onClick={() => setConfirmRevoke(true)} data-testid="revoke-calendar-feed">
            Revoke address
          </Button>
        </Stack>
      </Stack>
      <Dialog open={confirmRevoke} onClose={() => setConfirmRevoke(false)} aria-labelledby="revoke-feed-title">
        <DialogTitle id="revoke-feed-title">Revoke your calendar address?</DialogTitle>
        <DialogContent>
          <DialogContentText>Calendars subscribed to it stop receiving your due dates. You can create a new address at any time.</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmRevoke(false)}>Cancel</Button>
          <Button color="error" variant="contained" disabled={revoke.isPending} onClick={() => revoke.mutate()} data-testid="confirm-revoke-calendar-feed">
            Revoke
          </Button>
        </DialogActions>
      </Dialog>
    </Section>
  );
};
