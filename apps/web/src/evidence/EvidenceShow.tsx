import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Link as MuiLink,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { EvidenceDetailDto, EvidenceRevisionDto } from '@pairline/contracts';
import { EVIDENCE_EXTENSIONS, type EvidenceRevisionStatus } from '@pairline/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Show, useDataProvider, useNotify, useRecordContext } from 'react-admin';
import { errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { formatCivilDate, formatDateTime, todayInEngland } from '../common/format';
import { evidenceFileUrl } from './evidenceApi';
import { EvidenceStatusChip } from './EvidenceStatusChip';

const Title = () => {
  const record = useRecordContext<EvidenceDetailDto>();
  return <span>{record ? `Evidence: ${record.title}` : 'Evidence'}</span>;
};

/** react-admin's cache key for GET /api/evidence/:id (see useGetOne). */
const evidenceQueryKey = (id: string) => ['evidence', 'getOne', { id: String(id), meta: undefined }] as const;

const formatSize = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

const UploadRevisionDialog = ({ evidence, onClose }: { evidence: EvidenceDetailDto; onClose: () => void }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [effectiveOn, setEffectiveOn] = useState(todayInEngland());
  const [expiresOn, setExpiresOn] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const upload = useMutation({
    mutationFn: () => dataProvider.uploadEvidenceRevision(evidence.id, { effectiveOn, expiresOn: expiresOn || null, url: url.trim() || null, note: note.trim() || null, files }),
    onSuccess: (detail) => {
      queryClient.setQueryData(evidenceQueryKey(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: ['evidence', 'getList'] });
      notify(`Revision ${detail.latestRevision} uploaded`, { type: 'success' });
      onClose();
    },
  });
  const problem = expiresOn && expiresOn < effectiveOn ? 'The expiry date is before the effective date.' : null;
  return (
    <FormDialog
      open
      title="Upload a new revision"
      submitLabel="Upload"
      onClose={onClose}
      onSubmit={() => upload.mutate()}
      pending={upload.isPending}
      error={upload.error}
      problem={problem}
      testId="upload-revision-dialog"
      canSubmit={!!effectiveOn && (files.length > 0 || url.trim() !== '') && !problem}
    >
      <Typography variant="body2" color="text.secondary">
        Earlier revisions are kept. The effective date is the day the evidence speaks for (e.g. the date of the penetration test), not today.
      </Typography>
      <Box>
        <Button variant="outlined" component="label" startIcon={<UploadFileIcon />} disabled={upload.isPending}>
          Choose files
          <input type="file" hidden multiple accept={EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(',')} onChange={(e) => setFiles(Array.from(e.target.files ?? []))} data-testid="revision-files-input" />
        </Button>
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="revision-files">
          {files.length ? files.map((f) => `${f.name} (${formatSize(f.size)})`).join(', ') : 'No files chosen'}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          PDF, images, Office documents, text/CSV or zip; checked by content on upload.
        </Typography>
      </Box>
      <Stack direction="row" spacing={2}>
        <TextField label="Effective date" type="date" required value={effectiveOn} onChange={(e) => setEffectiveOn(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField label="Expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} helperText="e.g. DSPT: 30 June" />
      </Stack>
      <TextField label="Link (instead of or as well as files)" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
      <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={2} />
      {upload.isPending ? <Typography variant="body2">Uploading…</Typography> : null}
    </FormDialog>
  );
};

const RejectDialog = ({ onClose, onReject, pending, error }: { onClose: () => void; onReject: (reason: string) => void; pending: boolean; error: unknown }) => {
  const [reason, setReason] = useState('');
  return (
    <FormDialog open title="Reject this revision" submitLabel="Reject" onClose={onClose} onSubmit={() => onReject(reason.trim())} pending={pending} error={error} testId="reject-revision-dialog" canSubmit={reason.trim() !== ''}>
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
    </FormDialog>
  );
};

const RevisionActions = ({ evidence, revision }: { evidence: EvidenceDetailDto; revision: EvidenceRevisionDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const can = useCan();
  const [rejecting, setRejecting] = useState(false);
  const move = useMutation({
    mutationFn: ({ status, reason }: { status: EvidenceRevisionStatus; reason?: string }) => dataProvider.setEvidenceRevisionStatus(evidence.id, revision.number, { status, reason, version: revision.version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(evidenceQueryKey(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: ['evidence', 'getList'] });
      setRejecting(false);
    },
    onError: (error) => {
      if (!rejecting) notify(errorMessage(error), { type: 'error' });
      void queryClient.invalidateQueries({ queryKey: evidenceQueryKey(evidence.id) });
    },
  });
  const buttons: { status: EvidenceRevisionStatus; label: string; allowed: boolean }[] =
    revision.status === 'draft'
      ? [{ status: 'in_review', label: 'Submit for review', allowed: can('evidence.write') }]
      : revision.status === 'in_review'
        ? [
            { status: 'approved', label: 'Approve', allowed: can('evidence.approve') },
            { status: 'rejected', label: 'Reject', allowed: can('evidence.approve') },
            { status: 'draft', label: 'Back to draft', allowed: can('evidence.write') },
          ]
        : [];
  return (
    <Stack direction="row" spacing={0.5}>
      {buttons
        .filter((b) => b.allowed)
        .map((b) => (
          <Button
            key={b.status}
            size="small"
            color={b.status === 'rejected' ? 'error' : 'primary'}
            disabled={move.isPending}
            onClick={() => (b.status === 'rejected' ? setRejecting(true) : move.mutate({ status: b.status }))}
            data-testid={`revision-${b.status}`}
          >
            {b.label}
          </Button>
        ))}
      {rejecting ? <RejectDialog onClose={() => setRejecting(false)} onReject={(reason) => move.mutate({ status: 'rejected', reason })} pending={move.isPending} error={move.error} /> : null}
    </Stack>
  );
};

const EvidencePage = () => {
  const evidence = useRecordContext<EvidenceDetailDto>();
  const can = useCan();
  const [uploading, setUploading] = useState(false);
  if (!evidence || !Array.isArray(evidence.revisions)) return <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading the evidence" />;
  const revisions = [...evidence.revisions].sort((a, b) => b.number - a.number);
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }} data-testid="evidence-page">
      <Card>
        <CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
            <Box>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="h5" component="h1" data-testid="evidence-title">
                  {evidence.title}
                </Typography>
                <EvidenceStatusChip status={evidence.status} />
              </Stack>
              {evidence.description ? (
                <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
                  {evidence.description}
                </Typography>
              ) : null}
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {evidence.latestRevision ? `Revision ${evidence.latestRevision}` : 'No revision yet'} · expires {formatCivilDate(evidence.expiresOn, 'never')} · linked to {evidence.linkCount} SCAL
                requirement{evidence.linkCount === 1 ? '' : 's'}
              </Typography>
            </Box>
            {can('evidence.write') ? (
              <Button variant="contained" startIcon={<UploadFileIcon />} onClick={() => setUploading(true)} data-testid="upload-revision">
                Upload revision
              </Button>
            ) : null}
          </Stack>
          {evidence.status === 'expired' ? (
            <Alert severity="warning" sx={{ mt: 2 }}>
              The approved revision has expired: SCAL requirements it supports need attention until a new revision is approved.
            </Alert>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            Revisions
          </Typography>
          {revisions.length === 0 ? (
            <Typography color="text.secondary">Nothing uploaded yet.</Typography>
          ) : (
            <Table size="small" aria-label="Revisions" data-testid="evidence-revisions">
              <TableHead>
                <TableRow>
                  <TableCell>#</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Effective</TableCell>
                  <TableCell>Expires</TableCell>
                  <TableCell>Files</TableCell>
                  <TableCell>Uploaded</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {revisions.map((r) => (
                  <TableRow key={r.id} data-testid="evidence-revision" sx={{ verticalAlign: 'top' }}>
                    <TableCell>{r.number}</TableCell>
                    <TableCell>
                      <EvidenceStatusChip status={r.displayStatus} />
                      {r.rejectionReason ? (
                        <Typography variant="caption" color="error" component="div">
                          {r.rejectionReason}
                        </Typography>
                      ) : null}
                    </TableCell>
                    <TableCell>{formatCivilDate(r.effectiveOn)}</TableCell>
                    <TableCell>{formatCivilDate(r.expiresOn, 'Never')}</TableCell>
                    <TableCell>
                      <Stack spacing={0.5}>
                        {r.files.map((f) => (
                          <Stack key={f.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                            {f.downloadable ? (
                              <MuiLink href={evidenceFileUrl(evidence.id, f.id)} download={f.filename} sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }} data-testid="evidence-file-download">
                                <DownloadIcon fontSize="small" />
                                {f.filename}
                              </MuiLink>
                            ) : (
                              <Typography variant="body2">{f.filename}</Typography>
                            )}
                            <Typography variant="caption" color="text.secondary" title={`SHA-256 ${f.sha256}`}>
                              {formatSize(f.sizeBytes)} · {f.sha256.slice(0, 12)}…
                            </Typography>
                            {f.scanStatus === 'pending_scan' ? <Chip size="small" color="warning" label="Quarantined until scanned" /> : null}
                            {f.scanStatus === 'infected' ? <Chip size="small" color="error" label={`Infected${f.scanDetail ? `: ${f.scanDetail}` : ''}`} /> : null}
                          </Stack>
                        ))}
                        {r.url ? (
                          <MuiLink href={r.url} target="_blank" rel="noopener noreferrer">
                            {r.url}
                          </MuiLink>
                        ) : null}
                        {r.note ? (
                          <Typography variant="caption" color="text.secondary">
                            {r.note}
                          </Typography>
                        ) : null}
                      </Stack>
                    </TableCell>
                    <TableCell>
                      <Typography variant="body2">{r.uploadedByName ?? 'A former member'}</Typography>
                      <Typography variant="caption" color="text.secondary">
                        {formatDateTime(r.uploadedAt)}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <RevisionActions evidence={evidence} revision={r} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            SCAL requirements it supports
          </Typography>
          {evidence.links.length === 0 ? (
            <Typography color="text.secondary" data-testid="evidence-no-links">
              Not linked yet: link it from a requirement on a journey&apos;s SCAL tab.
            </Typography>
          ) : (
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} data-testid="evidence-links">
              {evidence.links.map((l) => (
                <Chip key={l.id} variant="outlined" label={l.identifier} sx={{ fontFamily: 'monospace' }} title={`SCAL ${l.scalId}, linked ${formatDateTime(l.createdAt)}`} />
              ))}
            </Stack>
          )}
        </CardContent>
      </Card>
      {uploading ? <UploadRevisionDialog evidence={evidence} onClose={() => setUploading(false)} /> : null}
    </Stack>
  );
};

/** One evidence item: its revisions (never edited, each with its files) and the SCAL rows it supports. */
export const EvidenceShow = () => (
  <Show<EvidenceDetailDto> title={<Title />} component="div" actions={false}>
    <EvidencePage />
  </Show>
);
