import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import type { CreatedApiTokenDto } from '@pairline/contracts';
import { CopyableSecret } from './CopyableSecret';

/**
 * The only time the token secret is ever shown. Closing needs an explicit click so it is not lost
 * to a stray click outside the dialog.
 */
export const CreatedTokenDialog = ({ token, onClose }: { token: CreatedApiTokenDto | null; onClose: () => void }) => {
  return (
    // No onClose: neither Escape nor a click outside may dismiss it.
    <Dialog open={token !== null} aria-labelledby="created-token-title" fullWidth maxWidth="sm">
      <DialogTitle id="created-token-title">Your new API token</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="warning" data-testid="created-token-warning">
            Copy this token now and keep it somewhere safe. It will not be shown again: if you lose it, revoke it and create a new one.
          </Alert>
          <Typography variant="body2">
            <strong>{token?.name}</strong> — send it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </Typography>
          {token ? <CopyableSecret value={token.token} copyTitle="Copy token" copyLabel="Copy token" testId="created-token" copyTestId="copy-token" /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
};
