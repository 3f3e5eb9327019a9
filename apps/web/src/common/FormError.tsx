import { Alert, Box } from '@mui/material';
import { errorMessage, errorProblems } from '../auth/errors';

interface FormErrorProps {
  /** A message of the form's own (e.g. "passwords do not match"), shown instead of the API's. */
  problem?: string | null;
  /** The failed request's error, whose message and per-field problems are listed. */
  error?: unknown;
  testId: string;
}

/** The API's error for a form: its message, then every field problem it named. */
export function FormError({ problem, error, testId }: FormErrorProps) {
  if (!problem && !error) return null;
  const problems = error ? errorProblems(error) : [];
  return (
    <Alert severity="error" role="alert" data-testid={testId}>
      {problem ?? errorMessage(error)}
      {problems.length ? (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {problems.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </Box>
      ) : null}
    </Alert>
  );
}
