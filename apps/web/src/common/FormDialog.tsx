import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import type { FormEvent, ReactNode } from 'react';
import { FormError } from './FormError';

interface FormDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  error?: unknown;
  problem?: string | null;
  testId: string;
  children: ReactNode;
  canSubmit?: boolean;
}

/** A small form in a dialog: the API's error shows inside it, so nothing is lost on failure. */
export const FormDialog = ({ open, title, submitLabel, onClose, onSubmit, pending, error, problem, testId, children, canSubmit = true }: FormDialogProps) => {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} fullWidth maxWidth="sm" data-testid={testId}>
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {children}
            <FormError error={error} problem={problem} testId={`${testId}-error`} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={pending || !canSubmit} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
};

