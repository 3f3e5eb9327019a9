import { Box, Button, Stack, TextField } from '@mui/material';
import { FormError } from '../common/FormError';
import { PasswordStrength, usePasswordChecker } from '../common/PasswordStrength';
import { PASSWORD_MIN_LENGTH } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { type PairlineDataProvider, useSession } from '../auth';
import { Section } from './Section';

/** POST /api/auth/password; the API signs out every other session of this user. */
export const ChangePasswordSection = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const session = useSession();
  const checker = usePasswordChecker();
  const context = { email: session?.user.email, name: session?.user.name, currentPassword };

  const change = useMutation({
    mutationFn: () => dataProvider.changePassword({ currentPassword, newPassword }),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      notify('Password changed. Any other sessions have been signed out.', { type: 'success' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!currentPassword) return setProblem('Enter your current password.');
    if (newPassword.length < PASSWORD_MIN_LENGTH) return setProblem(`The new password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
    if (newPassword !== confirmation) return setProblem('The new passwords do not match.');
    if (newPassword === currentPassword) return setProblem('Choose a password different from the current one.');
    const refused = checker?.problems(newPassword, context) ?? [];
    if (refused.length) return setProblem(`The new password ${refused.join('; ')}.`);
    setProblem(null);
    change.mutate();
  };


  return (
    <Section id="password" title="Password">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Change password" sx={{ maxWidth: 420 }}>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          required
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          helperText={`At least ${PASSWORD_MIN_LENGTH} characters, not a common or easily guessed one. A short phrase is easiest to remember.`}
          required
        />
        <PasswordStrength password={newPassword} context={context} checker={checker} />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          required
        />
        <FormError problem={problem} error={change.error} testId="password-error" />
        <Box>
          <Button type="submit" variant="contained" disabled={change.isPending}>
            Change password
          </Button>
        </Box>
      </Stack>
    </Section>
  );
};
