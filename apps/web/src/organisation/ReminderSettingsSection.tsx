import { Alert, Box, Button, CircularProgress, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import type { ReminderSettingsDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify } from 'react-admin';
import { errorCode, errorMessage, httpClient, useCan } from '../auth';
import { Section } from '../profile/Section';

const SETTINGS_KEY = ['reminder-settings'] as const;

const toTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const fromTime = (value: string) => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};

/** "30, 7, 1" → [30, 7, 1], largest first; null when any part is not a whole number of working days. */
function parseOffsets(value: string): number[] | null {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))].filter((d) => d > 0);
  return days.sort((a, b) => b - a);
}

const wholeDays = (value: string, min: number) => /^\d{1,3}$/.test(value.trim()) && Number(value) >= min;

const SettingsForm = ({ saved, editable }: { saved: ReminderSettingsDto; editable: boolean }) => {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [offsets, setOffsets] = useState(saved.offsetsBefore.join(', '));
  const [onTheDay, setOnTheDay] = useState(saved.onTheDay);
  const [overdueEvery, setOverdueEvery] = useState(String(saved.overdueEvery));
  const [overdueRepeats, setOverdueRepeats] = useState(String(saved.overdueRepeats));
  const [escalateAfter, setEscalateAfter] = useState(String(saved.escalateAfter));
  const [sendAt, setSendAt] = useState(toTime(saved.sendMinuteOfDay));

  const parsedOffsets = parseOffsets(offsets);
  const sendMinute = fromTime(sendAt);
  const dirty =
    (parsedOffsets ?? []).join() !== saved.offsetsBefore.join() ||
    onTheDay !== saved.onTheDay ||
    overdueEvery !== String(saved.overdueEvery) ||
    overdueRepeats !== String(saved.overdueRepeats) ||
    escalateAfter !== String(saved.escalateAfter) ||
    sendMinute !== saved.sendMinuteOfDay;
  const valid = parsedOffsets !== null && parsedOffsets.length <= 10 && wholeDays(overdueEvery, 1) && wholeDays(overdueRepeats, 0) && wholeDays(escalateAfter, 1) && sendMinute !== null;

  const save = useMutation({
    mutationFn: async () => {
      const body = {
        offsetsBefore: parsedOffsets ?? [],
        onTheDay,
        overdueEvery: Number(overdueEvery),
        overdueRepeats: Number(overdueRepeats),
        escalateAfter: Number(escalateAfter),
        sendMinuteOfDay: sendMinute ?? saved.sendMinuteOfDay,
        version: saved.version,
      };
      return (await httpClient('/api/reminder-settings', { method: 'PUT', body: JSON.stringify(body) })).json as ReminderSettingsDto;
    },
    onSuccess: (next) => {
      queryClient.setQueryData(SETTINGS_KEY, next);
      notify('Reminder settings saved; pending reminders re-planned', { type: 'success' });
    },
  });
  const conflict = save.error && errorCode(save.error) === 'stale_version';

  return (
    <Stack spacing={2.5} component="form" onSubmit={(e) => (e.preventDefault(), valid && save.mutate())} aria-label="Reminder settings" noValidate>
      <Typography variant="body2" color="text.secondary">
        When the owners of stages, blocking items, SCAL requirements, evidence and hazard reviews are reminded of their due dates. Days are working days (England
        and Wales bank holidays excluded); times are UK time.
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField
          label="Advance reminders (working days before)"
          value={offsets}
          onChange={(e) => setOffsets(e.target.value)}
          disabled={!editable}
          error={parsedOffsets === null}
          helperText={parsedOffsets === null ? 'Whole numbers separated by commas, e.g. 30, 7, 1' : 'e.g. 30, 7, 1; leave empty for none'}
          sx={{ flex: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'reminder-offsets' } }}
        />
        <TextField
          label="Send time"
          type="time"
          value={sendAt}
          onChange={(e) => setSendAt(e.target.value)}
          disabled={!editable}
          error={sendMinute === null}
          helperText="UK time, on working days"
          sx={{ flex: 1 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 300, 'data-testid': 'reminder-send-time' } }}
        />
      </Stack>
      <FormControlLabel
        control={<Switch checked={onTheDay} onChange={(e) => setOnTheDay(e.target.checked)} disabled={!editable} />}
        label="Remind on the due date"
      />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField
          label="Overdue: remind every"
          value={overdueEvery}
          onChange={(e) => setOverdueEvery(e.target.value)}
          disabled={!editable}
          error={!wholeDays(overdueEvery, 1)}
          helperText="working days"
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'reminder-overdue-every' } }}
        />
        <TextField
          label="Overdue: at most"
          value={overdueRepeats}
          onChange={(e) => setOverdueRepeats(e.target.value)}
          disabled={!editable}
          error={!wholeDays(overdueRepeats, 0)}
          helperText="reminders"
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'reminder-overdue-repeats' } }}
        />
        <TextField
          label="Escalate when overdue by more than"
          value={escalateAfter}
          onChange={(e) => setEscalateAfter(e.target.value)}
          disabled={!editable}
          error={!wholeDays(escalateAfter, 1)}
          helperText="working days: to the journey owner and executives"
          sx={{ flex: 1.4 }}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'reminder-escalate-after' } }}
        />
      </Stack>
      {save.error ? (
        <Alert
          severity="error"
          action={
            conflict ? (
              <Button color="inherit" size="small" onClick={() => void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY })}>
                Reload
              </Button>
            ) : undefined
          }
        >
          {conflict ? 'Someone else changed these settings meanwhile. Reload to see theirs, then make your change again.' : errorMessage(save.error)}
        </Alert>
      ) : null}
      {editable ? (
        <Box>
          <Button type="submit" variant="contained" disabled={!dirty || !valid || save.isPending} data-testid="save-reminder-settings">
            Save reminder settings
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
};

/** Organisation-wide reminder timing; org admins edit it, other readers see it. */
export const ReminderSettingsSection = () => {
  const can = useCan();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: async () => (await httpClient('/api/reminder-settings')).json as ReminderSettingsDto,
  });
  return (
    <Section id="reminder-settings" title="Deadline reminders">
      {settings.isPending ? <CircularProgress size={24} /> : null}
      {settings.isError ? <Alert severity="error">{errorMessage(settings.error)}</Alert> : null}
      {settings.data ? <SettingsForm key={settings.data.version} saved={settings.data} editable={can('organisation.manage')} /> : null}
    </Section>
  );
};
