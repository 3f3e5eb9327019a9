import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ClinicalSafetyOfficerDto, HazardLogDiffDto, HazardLogVersionDto } from '@pairline/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorStatus } from '../auth/errors';
import { useSession } from '../auth/session';
import { FormError } from '../common/FormError';
import { approveVersion, fetchDiff, issueVersion } from './clinicalSafetyApi';
import { RatingSwatch } from './rating';

export function IssueVersionDialog({ productId, open, onClose, onIssued }: { productId: string; open: boolean; onClose: () => void; onIssued: () => void }) {
  const [changeSummary, setChangeSummary] = useState('');
  const [kind, setKind] = useState<'minor' | 'major'>('minor');
  const mutation = useMutation({
    mutationFn: () => issueVersion({ productId, changeSummary, kind }),
    onSuccess: () => {
      setChangeSummary('');
      onIssued();
    },
  });
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="issue-version-dialog">
      <DialogTitle>Issue a hazard log version</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">Freezes every hazard and control of the product as a numbered version for the CSO to approve.</Typography>
          <FormError error={mutation.error} testId="issue-version-error" />
          <TextField label="Change summary" value={changeSummary} onChange={(e) => setChangeSummary(e.target.value)} multiline minRows={2} required slotProps={{ htmlInput: { 'data-testid': 'issue-version-summary' } }} />
          <TextField select size="small" label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'minor' | 'major')}>
            <MenuItem value="minor">Minor (1.0 → 1.1)</MenuItem>
            <MenuItem value="major">Major (1.1 → 2.0)</MenuItem>
          </TextField>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!changeSummary.trim() || mutation.isPending} onClick={() => mutation.mutate()} data-testid="issue-version-submit">Issue</Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The CSO's sign-off. The server re-checks the password (or TOTP code with MFA on) and the role: a
 * refusal is shown as the server words it, and the session survives it.
 */
export function ApproveDialog({ version, cso, onClose, onApproved }: { version: HazardLogVersionDto | null; cso: ClinicalSafetyOfficerDto | null; onClose: () => void; onApproved: () => void }) {
  const session = useSession();
  const mfa = session?.user.mfaEnabled ?? false;
  const [statement, setStatement] = useState('I have reviewed this version of the hazard log and approve it as an accurate record of the clinical risks and their controls.');
  const [secret, setSecret] = useState('');
  const mutation = useMutation({
    mutationFn: () => approveVersion(version!.id, mfa ? { statement, totp: secret } : { statement, password: secret }),
    onSuccess: () => {
      setSecret('');
      onApproved();
    },
  });
  const status = errorStatus(mutation.error);
  return (
    <Dialog open={version !== null} onClose={onClose} fullWidth maxWidth="sm" data-testid="approve-dialog">
      <DialogTitle>Approve hazard log v{version?.version}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {cso ? (
            <Box data-testid="approve-cso">
              <Typography variant="body2">Signing as <strong>{cso.name}</strong>, {cso.profession}</Typography>
              <Typography variant="body2">Professional registration: <strong>{cso.registrationNumber || 'none recorded'}</strong></Typography>
            </Box>
          ) : (
            <Alert severity="warning">This product has no clinical safety officer recorded: record one (with a registration number) before approving.</Alert>
          )}
          {mutation.error ? (
            <Box>
              {status === 401 || status === 403 ? <Typography variant="caption" color="error">Refused ({status}).</Typography> : null}
              <FormError error={mutation.error} testId="approve-error" />
            </Box>
          ) : null}
          <TextField label="Statement" value={statement} onChange={(e) => setStatement(e.target.value)} multiline minRows={3} required slotProps={{ htmlInput: { 'data-testid': 'approve-statement' } }} />
          <TextField
            label={mfa ? 'Authenticator code' : 'Your password'}
            type={mfa ? 'text' : 'password'}
            autoComplete={mfa ? 'one-time-code' : 'current-password'}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            helperText={mfa ? 'The current six-digit code from your authenticator app' : 'Re-enter your password to sign'}
            required
            slotProps={{ htmlInput: { 'data-testid': 'approve-secret' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" color="success" disabled={!statement.trim() || !secret || mutation.isPending} onClick={() => mutation.mutate()} data-testid="approve-submit">Approve and sign</Button>
      </DialogActions>
    </Dialog>
  );
}

const show = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function DiffBody({ diff }: { diff: HazardLogDiffDto }) {
  const empty = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.controlsAdded.length && !diff.controlsRemoved.length && !diff.controlsChanged.length;
  if (empty) return <Typography color="text.secondary" data-testid="diff-empty">No differences.</Typography>;
  return (
    <Stack spacing={1.5} sx={{ fontSize: 13 }}>
      {diff.added.length ? <Typography variant="body2" data-testid="diff-added"><strong>Hazards added:</strong> {diff.added.join(', ')}</Typography> : null}
      {diff.removed.length ? <Typography variant="body2"><strong>Hazards removed:</strong> {diff.removed.join(', ')}</Typography> : null}
      {diff.ratingChanges.length ? (
        <Box>
          <Typography variant="subtitle2">Rating changes</Typography>
          {diff.ratingChanges.map((r) => (
            <Stack key={`${r.number}-${r.phase}`} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography variant="body2" sx={{ width: 140 }}>{r.number} {r.phase}</Typography>
              <RatingSwatch rating={r.before} /> <span>→</span> <RatingSwatch rating={r.after} />
            </Stack>
          ))}
        </Box>
      ) : null}
      {diff.changed.map((h) => (
        <Box key={h.number}>
          <Typography variant="subtitle2">{h.number}</Typography>
          <Box component="table" sx={{ width: '100%', borderCollapse: 'collapse', '& td': { borderTop: 1, borderColor: 'divider', p: 0.5, verticalAlign: 'top', fontSize: 12 } }}>
            <tbody>
              {h.changes.map((c) => (
                <tr key={c.field}>
                  <td style={{ width: 160 }}>{c.field}</td>
                  <Box component="td" sx={{ color: 'error.main', textDecoration: 'line-through' }}>{show(c.before)}</Box>
                  <Box component="td" sx={{ color: 'success.main' }}>{show(c.after)}</Box>
                </tr>
              ))}
            </tbody>
          </Box>
        </Box>
      ))}
      {diff.controlsAdded.length || diff.controlsRemoved.length || diff.controlsChanged.length ? (
        <Typography variant="body2">
          <strong>Controls:</strong> {diff.controlsAdded.length} added, {diff.controlsRemoved.length} removed, {diff.controlsChanged.length} changed
        </Typography>
      ) : null}
    </Stack>
  );
}

/** What changed from an earlier version (or, without one, since this version in the live log). */
export function DiffDialog({ version, versions, onClose }: { version: HazardLogVersionDto | null; versions: HazardLogVersionDto[]; onClose: () => void }) {
  const older = version ? versions.filter((v) => v.id !== version.id && v.issuedAt < version.issuedAt) : [];
  const [against, setAgainst] = useState<string>('live');
  const query = useQuery({
    queryKey: ['hazard-log-diff', version?.id, against],
    queryFn: () => (against === 'live' ? fetchDiff(version!.id, null) : fetchDiff(against, version!.id)),
    enabled: Boolean(version),
  });
  return (
    <Dialog open={version !== null} onClose={onClose} fullWidth maxWidth="md" data-testid="diff-dialog">
      <DialogTitle>Changes · v{version?.version}</DialogTitle>
      <DialogContent>
        <TextField select size="small" label="Compare" value={against} onChange={(e) => setAgainst(e.target.value)} sx={{ my: 1, minWidth: 320 }}>
          <MenuItem value="live">v{version?.version} → the live log now</MenuItem>
          {older.map((v) => (
            <MenuItem key={v.id} value={v.id}>v{v.version} → v{version?.version}</MenuItem>
          ))}
        </TextField>
        {query.error ? <FormError error={query.error} testId="diff-error" /> : query.data ? <DiffBody diff={query.data} /> : <Typography>Loading…</Typography>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
