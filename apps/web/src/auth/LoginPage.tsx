import { Alert, Box, Button, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Login, useLogin } from 'react-admin';
import type { LoginParams } from './authProvider';
import { ApiError, errorCode, errorMessage, errorStatus } from './errors';

type Step = 'credentials' | 'code';

const TOTP_PATTERN = /^\d{6}$/;

function describeError(error: unknown, step: Step): string {
  const status = errorStatus(error);
  if (status === 429) {
    const seconds = error instanceof ApiError ? error.retryAfterSeconds : undefined;
    const base = errorMessage(error, 'Too many sign-in attempts.');
    return seconds ? `${base} Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` : base;
  }
  // An account with two-factor authentication asks for the code whatever the password, so the
  // password is judged only now, with the code: the refusal cannot say which of the two was wrong.
  if (step === 'code' && (errorCode(error) === 'mfa_required' || errorCode(error) === 'invalid_credentials')) {
    return 'The password or the code was not accepted. Check the password (start again to retype it) and enter the current 6-digit code from your authenticator app (each code works once).';
  }
  if (status === 401) return errorMessage(error, 'The email or password is incorrect.');
  return errorMessage(error);
}

/**
 * Email and password, then (only when the API answers `mfa_required`, which it does for an account
 * with two-factor authentication before checking the password) a second step asking for the
 * 6-digit code from the user's authenticator app; the password is sent again with it. Errors are shown as the API words them: it never
 * says which of email or password was wrong.
 */
const LoginForm = () => {
  const login = useLogin();
  const [step, setStep] = useState<Step>('credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    if (step === 'code' && !TOTP_PATTERN.test(code.trim())) {
      setError('Enter the 6-digit code from your authenticator app.');
      return;
    }
    setSubmitting(true);
    setError(null);
    const params: LoginParams = step === 'code' ? { email: email.trim(), password, totp: code.trim() } : { email: email.trim(), password };
    try {
      await login(params);
    } catch (caught) {
      if (step === 'credentials' && errorCode(caught) === 'mfa_required') {
        setStep('code');
        setCode('');
      } else {
        setError(describeError(caught, step));
      }
      setSubmitting(false);
    }
  };

  const restart = () => {
    setStep('credentials');
    setCode('');
    setPassword('');
    setError(null);
  };

  return (
    <CardContent component="form" onSubmit={submit} noValidate aria-label="Sign in" sx={{ width: 320, maxWidth: '100%' }}>
      <Stack spacing={2}>
        <Typography variant="h6" component="h1" sx={{ textAlign: 'center' }}>
          Sign in to Pairline
        </Typography>
        {step === 'credentials' ? (
          <>
            <TextField
              label="Email"
              type="email"
              name="email"
              autoComplete="username"
              autoFocus
              required
              fullWidth
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              disabled={submitting}
            />
            <TextField
              label="Password"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              fullWidth
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              disabled={submitting}
            />
          </>
        ) : (
          <>
            <Typography variant="body2" data-testid="mfa-step">
              Two-factor authentication is on for <strong>{email}</strong>. Enter the 6-digit code from your authenticator app.
            </Typography>
            <TextField
              label="Authentication code"
              name="totp"
              autoComplete="one-time-code"
              autoFocus
              required
              fullWidth
              value={code}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
              disabled={submitting}
              slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 } }}
            />
          </>
        )}
        {error ? (
          <Alert severity="error" data-testid="login-error" role="alert">
            {error}
          </Alert>
        ) : null}
        <Button
          type="submit"
          variant="contained"
          color="primary"
          fullWidth
          disabled={submitting || !email || !password}
          startIcon={submitting ? <CircularProgress size={18} color="inherit" /> : null}
        >
          {step === 'credentials' ? 'Sign in' : 'Verify and sign in'}
        </Button>
        {step === 'code' ? (
          <Box sx={{ textAlign: 'center' }}>
            <Button size="small" onClick={restart} disabled={submitting}>
              Use a different account
            </Button>
          </Box>
        ) : null}
      </Stack>
    </CardContent>
  );
};

export const LoginPage = () => (
  <Login>
    <LoginForm />
  </Login>
);
