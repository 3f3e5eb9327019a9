import { Chip } from '@mui/material';
import type { ScalRequirementStatus, ScalResponse } from '@pairline/domain';
import { SCAL_RESPONSE_LABELS, SCAL_STATUS_COLOURS, SCAL_STATUS_LABELS } from './labels';

export const ScalStatusChip = ({ status, reason }: { status: ScalRequirementStatus; reason?: string | null }) => (
  <Chip
    size="small"
    label={SCAL_STATUS_LABELS[status]}
    title={reason ?? undefined}
    data-testid="scal-status-chip"
    data-status={status}
    sx={
      status === 'not_started'
        ? { bgcolor: 'transparent', border: 1, borderColor: 'divider' }
        : { bgcolor: SCAL_STATUS_COLOURS[status], color: status === 'in_progress' ? 'text.primary' : '#fff' }
    }
  />
);

export const ScalResponseChip = ({ response }: { response: ScalResponse | null }) =>
  response ? (
    <Chip size="small" variant="outlined" color={response === 'compliant' ? 'success' : response === 'non_compliant' ? 'error' : 'default'} label={SCAL_RESPONSE_LABELS[response]} data-testid="scal-response-chip" />
  ) : (
    <span>—</span>
  );
