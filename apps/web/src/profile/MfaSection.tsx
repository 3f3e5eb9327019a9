import { Alert, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorMessage, useSession, type PairlineDataProvider } from '../auth';
import { Section } from './Section';

const Mono = ({ children, testId }: { children: string; testId: string }) => (
  <Box
    component="code"
    data-testid={testId}
    sx={{ display: 'block', p: 1, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
  >
    {children}
  </Box>
);

const EnableMfa = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const [code, setCode] = useState('');
  const setup = useMutation({ mutationFn: () => dataProvider.mfaSetup() });
  const enable = useMutation({
    mutationFn: () => dataProvider.mfaEnable(code.trim()),
    onSuccess: () => {
      setCode('');
      setup.reset();
      notify('Two-factor authentication is on. You will be asked for a code each time you sign in.', { type: 'success' });
    },
  });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{6}$/.test(code.trim())) enable.mutate();
  };

  if (!setup.data) {
    return (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Typography variant="body2">
          Protect your account with a 6-digit code from an authenticator app (for example Microsoft Authenticator or Google
          Authenticator) as well as your password.
        </Typography>
        {setup.error ? <Alert severity="error">{errorMessage(setup.error)}</Alert> : null}
        <Button variant="contained" onClick={() => setup.mutate()} disabled={setup.isPending} data-testid="mfa-start">
          Set up two-factor authentication
        </Button>
      </Stack>
    );
  }

  return (
    <Stack component="form" spacing={2} onSubmit={confirm} noValidate aria-label="Turn on two-factor authentication" sx={{ maxWidth: 560 }}>
      <Typography variant="body2" component="div">
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          <li>In your authenticator app, add an account and choose to enter a setup key.</li>
          <li>Enter the key below (time-based, 6 digits, 30 seconds), or paste the whole setup link if your app accepts one.</li>
          <li>Type the 6-digit code the app shows to confirm.</li>
        </ol>
      </Typography>
      <Box>
        <Typography variant="caption" color="text.secondary">
          Setup key
        </Typography>
        <Mono testId="mfa-secret">{setup.data.secret}</Mono>
      </Box>
      <Box>
        <Typography variant="caption" color="text.secondary">
          Setup link (otpauth URL)
        </Typography>
        <Mono testId="mfa-otpauth-url">{setup.data.otpauthUrl}</Mono>
      </Box>
      <Alert severity="info">Keep this key private: anyone who has it can generate your codes.</Alert>
      <TextField
        label="Authentication code"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 } }}
        sx={{ maxWidth: 240 }}
        required
      />
      {enable.error ? (
        <Alert severity="error" role="alert" data-testid="mfa-error">
          {errorMessage(enable.error)}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained" disabled={enable.isPending || !/^\d{6}$/.test(code)}>
          Turn on
        </Button>
        <Button onClick={() => setup.reset()} disabled={enable.isPending}>
          Cancel
        </Button>
      </Stack>
    </Stack>
  );
};

const DisableMfa = ({ required }: { required: boolean }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => dataProvider.mfaDisable(password),
    onSuccess: () => {
      setPassword('');
      notify('Two-factor authentication is off.', { type: 'info' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) disable.mutate();
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Turn off two-factor authentication" sx={{ maxWidth: 420 }}>
      <Typography variant="body2">Each sign-in asks for a code from your authenticator app.</Typography>
      {required ? (
        <Alert severity="warning">Your organisation requires two-factor authentication: if you turn it off you must set it up again before you can carry on working.</Alert>
      ) : null}
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        helperText="Confirm it is you before turning two-factor authentication off."
      />
      {disable.error ? (
        <Alert severity="error" role="alert">
          {errorMessage(disable.error)}
        </Alert>
      ) : null}
      <Box>
        <Button type="submit" color="error" variant="outlined" disabled={disable.isPending || !password}>
          Turn off two-factor authentication
        </Button>
      </Box>
    </Stack>
  );
};

/** TOTP set-up (secret and otpauth URL shown as text), confirmation, and turning it off. */
export const MfaSection = () => {
  const session = useSession();
  if (!session) return null;
  const enabled = session.user.mfaEnabled;
  return (
    <Section id="mfa" title="Two-factor authentication">
      <Stack spacing={2}>
        <Box>
          <Chip
            size="small"
            color={enabled ? 'success' : session.mfaSetupRequired ? 'warning' : 'default'}
            label={enabled ? 'On' : 'Off'}
            data-testid="mfa-status"
          />
        </Box>
        {session.mfaSetupRequired ? (
          <Alert severity="warning" data-testid="mfa-required-explanation">
            {session.organisation.name} requires every member to use two-factor authentication. Until you set it up, the rest of
            Pairline is unavailable to you.
          </Alert>
        ) : null}
        {enabled ? <DisableMfa required={session.organisation.mfaRequired} /> : <EnableMfa />}
      </Stack>
    </Section>
  );
};
