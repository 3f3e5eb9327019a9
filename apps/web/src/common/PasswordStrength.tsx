import { Box, LinearProgress, Typography } from '@mui/material';
import { loadPasswordChecker, type PasswordChecker, type PasswordContext } from '@pairline/domain';
import { useEffect, useState } from 'react';

const LABELS = ['Very easy to guess', 'Easy to guess', 'Could be guessed', 'Hard to guess', 'Very hard to guess'] as const;
const COLOURS = ['error', 'error', 'warning', 'success', 'success'] as const;

/** The password policy's checker (the server's own rule), loaded with its dictionaries when a password field first shows. */
export function usePasswordChecker(): PasswordChecker | null {
  const [checker, setChecker] = useState<PasswordChecker | null>(null);
  useEffect(() => {
    let live = true;
    void loadPasswordChecker().then((loaded) => live && setChecker(loaded));
    return () => {
      live = false;
    };
  }, []);
  return checker;
}

/**
 * How guessable a new password is, as it is typed (zxcvbn-ts, the score the server refuses below
 * 3), and the reasons the server would refuse it.
 */
export const PasswordStrength = ({ password, context, checker }: { password: string; context: PasswordContext; checker: PasswordChecker | null }) => {
  if (!password || !checker) return null;
  const { score, warning } = checker.strength(password, context);
  const problems = checker.problems(password, context);
  return (
    <Box data-testid="password-strength" aria-live="polite">
      <LinearProgress variant="determinate" value={((score + 1) / 5) * 100} color={COLOURS[score]} aria-label="Password strength" sx={{ height: 6, borderRadius: 1 }} />
      <Typography variant="caption" color={problems.length ? 'error' : 'text.secondary'}>
        {LABELS[score]}
        {problems.length ? `: the password ${problems.join('; ')}.` : warning ? `. ${warning}` : '.'}
      </Typography>
    </Box>
  );
};
