import { Chip } from '@mui/material';
import type { EvidenceStatus } from '@pairline/domain';

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
};

const COLOURS: Record<EvidenceStatus, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  draft: 'default',
  in_review: 'info',
  approved: 'success',
  rejected: 'error',
  expired: 'warning',
};

export const EvidenceStatusChip = ({ status }: { status: EvidenceStatus | null }) =>
  status ? (
    <Chip size="small" color={COLOURS[status]} variant={status === 'draft' ? 'outlined' : 'filled'} label={EVIDENCE_STATUS_LABELS[status]} data-testid="evidence-status-chip" data-status={status} />
  ) : (
    <Chip size="small" variant="outlined" label="No revision yet" data-testid="evidence-status-chip" />
  );
