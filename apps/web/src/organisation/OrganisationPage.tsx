import { Alert, Box, Button, Chip, CircularProgress, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { FormError } from '../common/FormError';
import type { OrganisationDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Title, useDataProvider, useNotify } from 'react-admin';
import { errorCode, errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { formatDateTime } from '../common/format';
import { Section } from '../profile/Section';
import { FailedEmailsSection } from './FailedEmailsSection';
import { ReminderSettingsSection } from './ReminderSettingsSection';

const ORGANISATION_QUERY = ['organisation'] as const;

/** Whole working days from 0 to 260 (a year), as the API accepts them. */
const isThreshold = (value: string) => /^\d{1,3}$/.test(value.trim()) && Number(value) <= 260;

/** NHS ODS codes are short upper-case alphanumerics (e.g. "X26", "8JK12"). */
const ODS_PATTERN = /^[A-Z0-9]{3,10}$/;

const Detail = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Stack direction="row" spacing={2}>
    <Typography variant="body2" color="text.secondary" sx={{ minWidth: 180 }}>
      {label}
    </Typography>
    <Typography variant="body2" component="div" data-testid={testId}>
      {children}
    </Typography>
  </Stack>
);

const OrganisationDetails = ({ organisation }: { organisation: OrganisationDto }) => (
  <Stack spacing={1}>
    <Detail label="Name" testId="organisation-name">
      {organisation.name}
    </Detail>
    <Detail label="ODS code" testId="organisation-ods">
      {organisation.odsCode ?? 'Not set'}
    </Detail>
    <Detail label="Two-factor authentication" testId="organisation-mfa">
      <Chip
        size="small"
        label={organisation.mfaRequired ? 'Required for all members' : 'Optional'}
        color={organisation.mfaRequired ? 'success' : 'default'}
      />
    </Detail>
    <Detail label="Journey status colours" testId="organisation-thresholds">
      At risk when the forecast go-live is within {organisation.atRiskWithinWorkingDays} working days of the target; late when more than{' '}
      {organisation.lateAfterWorkingDays} working days after it.
    </Detail>
    <Detail label="Created">{formatDateTime(organisation.createdAt)}</Detail>
  </Stack>
);

const OrganisationForm = ({ organisation }: { organisation: OrganisationDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [name, setName] = useState(organisation.name);
  const [odsCode, setOdsCode] = useState(organisation.odsCode ?? '');
  const [mfaRequired, setMfaRequired] = useState(organisation.mfaRequired);
  const [atRisk, setAtRisk] = useState(String(organisation.atRiskWithinWorkingDays));
  const [late, setLate] = useState(String(organisation.lateAfterWorkingDays));
  const [problem, setProblem] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () =>
      dataProvider.updateOrganisation({
        name: name.trim(),
        odsCode: odsCode.trim() ? odsCode.trim().toUpperCase() : null,
        mfaRequired,
        atRiskWithinWorkingDays: Number(atRisk),
        lateAfterWorkingDays: Number(late),
        version: organisation.version,
      }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(ORGANISATION_QUERY, updated);
      // The thresholds colour every journey.
      void queryClient.invalidateQueries({ queryKey: ['portfolio'] });
      void queryClient.invalidateQueries({ queryKey: ['journeys'] });
      notify('Organisation saved', { type: 'success' });
      // The app bar shows the name, and requiring MFA may now apply to the admin too.
      await dataProvider.getSession().catch(() => undefined);
    },
    onError: (error) => {
      if (errorCode(error) === 'stale_version') void queryClient.invalidateQueries({ queryKey: ORGANISATION_QUERY });
    },
  });

  const dirty =
    name !== organisation.name ||
    odsCode !== (organisation.odsCode ?? '') ||
    mfaRequired !== organisation.mfaRequired ||
    atRisk !== String(organisation.atRiskWithinWorkingDays) ||
    late !== String(organisation.lateAfterWorkingDays);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem('The organisation needs a name.');
    if (odsCode.trim() && !ODS_PATTERN.test(odsCode.trim().toUpperCase())) {
      return setProblem('An ODS code is 3 to 10 letters and digits, e.g. X26.');
    }
    if (!isThreshold(atRisk) || !isThreshold(late)) {
      return setProblem('Status colour thresholds are whole numbers of working days from 0 to 260.');
    }
    setProblem(null);
    save.mutate();
  };


  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Edit organisation" sx={{ maxWidth: 480 }}>
      <TextField label="Organisation name" value={name} onChange={(e) => setName(e.target.value)} required />
      <TextField
        label="ODS code"
        value={odsCode}
        onChange={(e) => setOdsCode(e.target.value.toUpperCase())}
        helperText="The NHS Organisation Data Service code, if the organisation has one."
      />
      <FormControlLabel
        control={<Switch checked={mfaRequired} onChange={(e) => setMfaRequired(e.target.checked)} />}
        label="Require MFA for all members"
      />
      <Stack spacing={1} component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
        <Typography component="legend" variant="subtitle2">
          Journey status colours
        </Typography>
        <TextField
          label="At risk within (working days)"
          type="number"
          value={atRisk}
          onChange={(e) => setAtRisk(e.target.value)}
          slotProps={{ htmlInput: { min: 0, max: 260, step: 1, 'data-testid': 'threshold-at-risk' } }}
          helperText="Amber when the forecast go-live comes within this many working days of the target."
        />
        <TextField
          label="Late after (working days)"
          type="number"
          value={late}
          onChange={(e) => setLate(e.target.value)}
          slotProps={{ htmlInput: { min: 0, max: 260, step: 1, 'data-testid': 'threshold-late' } }}
          helperText="Red when the forecast go-live is more than this many working days after the target (0: any day late)."
        />
      </Stack>
      {mfaRequired && !organisation.mfaRequired ? (
        <Alert severity="info">
          Members without two-factor authentication will have to set it up before they can carry on working. That includes you if you
          have not set it up yet.
        </Alert>
      ) : null}
      <FormError problem={problem} error={save.error} testId="organisation-error" />
      <Box>
        <Button type="submit" variant="contained" disabled={save.isPending || !dirty}>
          Save
        </Button>
      </Box>
    </Stack>
  );
};

/** `/organisation`: the current organisation; editable with `organisation.manage`. */
export const OrganisationPage = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const can = useCan();
  const organisation = useQuery({ queryKey: ORGANISATION_QUERY, queryFn: () => dataProvider.getOrganisation() });

  return (
    <Box sx={{ py: 2 }} data-testid="organisation-page">
      <Title title="Organisation" />
      <Stack spacing={2} sx={{ maxWidth: 1100 }}>
        <Section id="organisation-details" title="Organisation">
          {organisation.isPending ? <CircularProgress size={24} /> : null}
          {organisation.isError ? <Alert severity="error">{errorMessage(organisation.error)}</Alert> : null}
          {organisation.data ? <OrganisationDetails organisation={organisation.data} /> : null}
        </Section>
        {organisation.data && can('organisation.manage') ? (
          <Section id="organisation-settings" title="Settings">
            {/* Re-mount the form whenever a new version arrives so it starts from the saved values. */}
            <OrganisationForm key={`${organisation.data.id}:${organisation.data.version}`} organisation={organisation.data} />
          </Section>
        ) : null}
        {organisation.data ? <ReminderSettingsSection /> : null}
        {organisation.data && can('organisation.manage') ? <FailedEmailsSection /> : null}
      </Stack>
    </Box>
  );
};
