import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { PASSWORD_MIN_LENGTH, ROLE_LABELS, type InvitationPreviewDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useAuthProvider, useLocation, useNavigate } from 'react-admin';
import { dataProvider, errorCode, errorMessage, errorProblems, errorStatus, type LoginParams } from '../auth';
import { formatDateTime } from '../common/format';
import { PasswordStrength, usePasswordChecker } from '../common/PasswordStrength';

function lookupProblem(error: unknown): string {
  switch (errorCode(error)) {
    case 'invitation_expired':
      return 'This invitation has expired. Ask the person who invited you to send a new one.';
    case 'invitation_used':
      return 'This invitation has already been used. Sign in instead.';
    case 'invitation_revoked':
      return 'This invitation was withdrawn. Ask your organisation admin for a new one.';
    default:
      // 400: a truncated or mangled token; 404: no such invitation.
      return errorStatus(error) === 404 || errorStatus(error) === 400
        ? 'This invitation link is not valid. Check that you copied the whole link from the email.'
        : errorMessage(error, 'Could not read this invitation.');
  }
}

const AcceptForm = ({ token, preview }: { token: string; preview: InvitationPreviewDto }) => {
  const authProvider = useAuthProvider();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const newUser = !preview.existingUser;
  const checker = usePasswordChecker();
  const context = { email: preview.email, name };

  const accept = useMutation({
    mutationFn: async () => {
      const params: LoginParams = { invitation: newUser ? { token, name: name.trim(), password } : { token, password } };
      if (!authProvider) throw new Error('Sign-in is not available.');
      return (await authProvider.login(params)) as { redirectTo: string } | undefined;
    },
    onSuccess: async (result) => {
      // The admin's routes decided "not signed in" when this public page opened: ask again.
      await queryClient.resetQueries({ queryKey: ['auth'] });
      navigate(result?.redirectTo ?? '/');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newUser) {
      if (!name.trim()) return setProblem('Enter your name.');
      if (password.length < PASSWORD_MIN_LENGTH) return setProblem(`Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`);
      if (password !== confirmation) return setProblem('The two passwords do not match.');
      const refused = checker?.problems(password, context) ?? [];
      if (refused.length) return setProblem(`The password ${refused.join('; ')}.`);
    } else if (!password) {
      return setProblem('Enter your current password.');
    }
    setProblem(null);
    accept.mutate();
  };

  const apiProblems = accept.error ? errorProblems(accept.error) : [];

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Accept invitation">
      {newUser ? (
        <>
          <Typography variant="body2">Create your Pairline account for {preview.email}.</Typography>
          <TextField label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <TextField
            label="Choose a password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            helperText={`At least ${PASSWORD_MIN_LENGTH} characters, not a common or easily guessed one. A short phrase is easiest to remember.`}
          />
          <PasswordStrength password={password} context={context} checker={checker} />
          <TextField
            label="Confirm password"
            type="password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </>
      ) : (
        <>
          <Typography variant="body2">
            You already have a Pairline account as {preview.email}. Enter its password to join {preview.organisationName}.
          </Typography>
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
        </>
      )}
      {problem || accept.error ? (
        <Alert severity="error" role="alert" data-testid="accept-error">
          {problem ?? errorMessage(accept.error)}
          {apiProblems.length ? (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {apiProblems.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </Box>
          ) : null}
        </Alert>
      ) : null}
      <Button
        type="submit"
        variant="contained"
        disabled={accept.isPending}
        startIcon={accept.isPending ? <CircularProgress size={18} color="inherit" /> : null}
      >
        {newUser ? 'Create account and join' : 'Join organisation'}
      </Button>
    </Stack>
  );
};

/**
 * Public page behind the link in the invitation email (`/#/accept-invitation?token=…`): shows what
 * the invitee is joining, then creates their account (or confirms an existing one) and signs them in.
 */
export const AcceptInvitationPage = () => {
  const location = useLocation();
  const token = new URLSearchParams(location.search).get('token') ?? '';

  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => dataProvider.lookupInvitation(token),
    enabled: token !== '',
    retry: false,
    refetchOnWindowFocus: false,
  });

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: 'background.default',
        p: 2,
      }}
    >
      <Card sx={{ width: 440, maxWidth: '100%' }} data-testid="accept-invitation">
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h5" component="h1">
              Join Pairline
            </Typography>
            {!token ? (
              <Alert severity="error" data-testid="invitation-problem">
                This page needs the link from your invitation email. Open the email and use its link.
              </Alert>
            ) : preview.isPending ? (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <CircularProgress size={20} />
                <Typography variant="body2">Checking your invitation…</Typography>
              </Stack>
            ) : preview.isError ? (
              <Alert severity="error" data-testid="invitation-problem">
                {lookupProblem(preview.error)}
              </Alert>
            ) : (
              <>
                <Box data-testid="invitation-preview">
                  <Typography>
                    You have been invited to join <strong>{preview.data.organisationName}</strong> as{' '}
                    <strong>{ROLE_LABELS[preview.data.role] ?? preview.data.role}</strong>.
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    Invitation for {preview.data.email}, valid until {formatDateTime(preview.data.expiresAt)}.
                  </Typography>
                </Box>
                <AcceptForm token={token} preview={preview.data} />
              </>
            )}
            <Typography variant="body2" sx={{ textAlign: 'center' }}>
              <Link to="/login">Go to the sign-in page</Link>
            </Typography>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};
