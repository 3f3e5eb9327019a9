import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, AlertTitle, Dialog, DialogActions, DialogContent, DialogTitle, Button as MuiButton, Typography } from '@mui/material';
import type { AuditVerificationDto } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useDataProvider } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';

const VerificationResult = ({ result }: { result: AuditVerificationDto }) =>
  result.ok ? (
    <Alert severity="success" data-testid="audit-verify-result" data-ok="true">
      <AlertTitle>Chain OK</AlertTitle>
      All {result.checked} event{result.checked === 1 ? '' : 's'} checked: every hash and link matches
      {result.latestCheckpoint
        ? `, and the chain holds against the latest signed checkpoint (event #${result.latestCheckpoint.seq}, signed ${new Date(result.latestCheckpoint.signedAt).toLocaleString('en-GB')} with key ${result.latestCheckpoint.keyId}).`
        : '. No checkpoint has been signed yet, so a cut-off end would not show.'}
    </Alert>
  ) : (
    <Alert severity="error" data-testid="audit-verify-result" data-ok="false">
      <AlertTitle>Chain broken</AlertTitle>
      {result.firstBroken ? (
        <>
          The first broken link is event #{result.firstBroken.seq} ({result.firstBroken.id}): {result.firstBroken.reason}.
        </>
      ) : result.contradictedCheckpoint ? (
        <>
          It contradicts checkpoint {result.contradictedCheckpoint.checkpointId} (event #{result.contradictedCheckpoint.seq}, signed {new Date(result.contradictedCheckpoint.signedAt).toLocaleString('en-GB')}): {result.contradictedCheckpoint.reason}.
        </>
      ) : (
        'The chain does not verify.'
      )}{' '}
      {result.checked} event{result.checked === 1 ? '' : 's'} checked.
    </Alert>
  );

/** GET /api/audit-events/verify: recomputes the hash chain, holds it against the signed checkpoints, and shows the outcome. */
export const VerifyChainButton = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const [open, setOpen] = useState(false);
  const verify = useMutation({ mutationFn: () => dataProvider.verifyAudit() });

  const start = () => {
    setOpen(true);
    verify.mutate();
  };

  return (
    <>
      <Button label="Verify chain" aria-label="Verify chain" data-testid="audit-verify" onClick={start} disabled={verify.isPending}>
        <VerifiedIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="audit-verify-title" fullWidth maxWidth="sm">
        <DialogTitle id="audit-verify-title">Audit chain verification</DialogTitle>
        <DialogContent>
          {verify.isPending ? <Typography>Verifying every event in this organisation's audit log…</Typography> : null}
          {verify.isError ? (
            <Alert severity="error" data-testid="audit-verify-error">
              {errorMessage(verify.error, 'Verification failed.')}
            </Alert>
          ) : null}
          {verify.isSuccess ? <VerificationResult result={verify.data} /> : null}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>Close</MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
