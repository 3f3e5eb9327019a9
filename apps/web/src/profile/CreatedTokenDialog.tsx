import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import type { CreatedApiTokenDto } from '@pairline/contracts';
import { useState } from 'react';

/**
 * The only time the token secret is ever shown. Closing needs an explicit click so it is not lost
 * to a stray click outside the dialog.
 */
export const CreatedTokenDialog = ({ token, onClose }: { token: CreatedApiTokenDto | null; onClose: () => void }) => {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const close = () => {
    setCopied(false);
    onClose();
  };

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
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Box
              component="code"
              data-testid="created-token"
              sx={{ flex: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
            >
              {token?.token}
            </Box>
            <Tooltip title={copied ? 'Copied' : 'Copy token'}>
              <IconButton aria-label="Copy token" onClick={() => void copy()} data-testid="copy-token">
                <ContentCopyIcon />
              </IconButton>
            </Tooltip>
          </Stack>
          {copied ? (
            <Typography variant="body2" color="success.main" role="status">
              Copied to the clipboard.
            </Typography>
          ) : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={close}>
          I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
};
