import { Alert, Box, Button, CircularProgress, FormControlLabel, FormGroup, Radio, RadioGroup, Stack, Switch, Typography } from '@mui/material';
import type { ReminderPreferencesDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify } from 'react-admin';
import { errorMessage, httpClient } from '../auth';
import { Section } from './Section';

const PREFERENCES_KEY = ['reminder-preferences'] as const;
type Delivery = ReminderPreferencesDto['delivery'];

const DELIVERY: Array<{ value: Delivery; label: string; help: string }> = [
  { value: 'immediate', label: 'As they happen', help: 'One email per reminder, at the organisation’s send time.' },
  { value: 'daily', label: 'Daily digest', help: 'One email each morning at 09:00, grouped by product and journey.' },
  { value: 'weekly', label: 'Weekly digest', help: 'One email on Monday mornings, grouped by product and journey.' },
];

const PreferencesForm = ({ saved }: { saved: ReminderPreferencesDto }) => {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [enabled, setEnabled] = useState(() => Object.fromEntries(saved.kinds.map((k) => [k.kind, k.enabled])));
  const [delivery, setDelivery] = useState<Delivery>(saved.delivery);
  const dirty = delivery !== saved.delivery || saved.kinds.some((k) => enabled[k.kind] !== k.enabled);

  const save = useMutation({
    mutationFn: async () => {
      const body = { disabledKinds: saved.kinds.filter((k) => !enabled[k.kind]).map((k) => k.kind), delivery };
      return (await httpClient('/api/reminders/preferences', { method: 'PUT', body: JSON.stringify(body) })).json as ReminderPreferencesDto;
    },
    onSuccess: (next) => {
      queryClient.setQueryData(PREFERENCES_KEY, next);
      notify('Reminder preferences saved', { type: 'success' });
    },
  });

  return (
    <Stack spacing={3}>
      <Box>
        <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
          Advance reminders
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Emails before a due date, for the items you own. Overdue reminders and escalations are always sent: they are part of the work you own.
        </Typography>
        <FormGroup data-testid="reminder-kinds">
          {saved.kinds.map((k) => (
            <FormControlLabel
              key={k.kind}
              control={
                <Switch
                  checked={enabled[k.kind] ?? true}
                  onChange={(e) => setEnabled((prev) => ({ ...prev, [k.kind]: e.target.checked }))}
                  slotProps={{ input: { 'aria-label': k.label, 'data-testid': `reminder-kind-${k.kind}` } as object }}
                />
              }
              label={k.label}
            />
          ))}
        </FormGroup>
      </Box>
      <Box>
        <Typography variant="subtitle2" component="h3" id="reminder-delivery-label" sx={{ mb: 0.5 }}>
          Delivery
        </Typography>
        <RadioGroup aria-labelledby="reminder-delivery-label" value={delivery} onChange={(e) => setDelivery(e.target.value as Delivery)}>
          {DELIVERY.map((d) => (
            <FormControlLabel
              key={d.value}
              value={d.value}
              control={<Radio slotProps={{ input: { 'data-testid': `reminder-delivery-${d.value}` } as object }} />}
              label={
                <Box sx={{ py: 0.5 }}>
                  <Typography variant="body2">{d.label}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {d.help}
                  </Typography>
                </Box>
              }
            />
          ))}
        </RadioGroup>
        <Typography variant="caption" color="text.secondary">
          The bell shows every reminder as it happens, whichever you choose.
        </Typography>
      </Box>
      {save.error ? <Alert severity="error">{errorMessage(save.error)}</Alert> : null}
      <Box>
        <Button variant="contained" disabled={!dirty || save.isPending} onClick={() => save.mutate()} data-testid="save-reminder-preferences">
          Save preferences
        </Button>
      </Box>
    </Stack>
  );
};

/** Which advance reminders the member gets by email, and whether one by one or as a digest. */
export const ReminderPreferencesSection = () => {
  const preferences = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: async () => (await httpClient('/api/reminders/preferences')).json as ReminderPreferencesDto,
  });
  return (
    <Section id="reminder-preferences" title="Reminder emails">
      {preferences.isPending ? <CircularProgress size={24} /> : null}
      {preferences.isError ? <Alert severity="error">{errorMessage(preferences.error)}</Alert> : null}
      {preferences.data ? <PreferencesForm key={JSON.stringify(preferences.data)} saved={preferences.data} /> : null}
    </Section>
  );
};
