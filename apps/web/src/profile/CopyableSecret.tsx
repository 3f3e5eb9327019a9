import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Box, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';

/**
 * A secret shown once (an API token, a private calendar address), selectable as a whole, with a
 * copy button that says when the copy worked. The "copied" note belongs to the value copied, so a
 * new secret starts without it.
 */
export const CopyableSecret = ({ value, copyTitle, copyLabel, testId, copyTestId, fontSize }: { value: string; copyTitle: string; copyLabel: string; testId: string; copyTestId: string; fontSize?: number }) => {
  const [copiedValue, setCopiedValue] = useState<string | null>(null);
  const copied = copiedValue === value;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopiedValue(value);
    } catch {
      setCopiedValue(null);
    }
  };
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Box component="code" data-testid={testId} sx={{ flex: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', fontSize, wordBreak: 'break-all', userSelect: 'all' }}>
          {value}
        </Box>
        <Tooltip title={copied ? 'Copied' : copyTitle}>
          <IconButton aria-label={copyLabel} onClick={() => void copy()} data-testid={copyTestId}>
            <ContentCopyIcon />
          </IconButton>
        </Tooltip>
      </Stack>
      {copied ? (
        <Typography variant="body2" color="success.main" role="status">
          Copied to the clipboard.
        </Typography>
      ) : null}
    </>
  );
};
