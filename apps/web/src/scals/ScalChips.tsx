import { Chip } from '@mui/material';
import { SCAL_REVIEW_VERDICT_LABELS, type ScalRequirementStatus, type ScalResponse, type ScalReviewVerdict } from '@pairline/domain';
import { SCAL_RESPONSE_LABELS, SCAL_STATUS_COLOURS, SCAL_STATUS_LABELS, SCAL_VERDICT_COLOURS, SCAL_VERDICT_SHORT_LABELS } from './labels';

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

/** NHS England's verdict from its review column, in the workbook's own words (short, when asked, with the full wording as the tooltip). */
export const ScalVerdictChip = ({ verdict, short = false }: { verdict: ScalReviewVerdict; short?: boolean }) => (
  <Chip
    size="small"
    variant="outlined"
    color={SCAL_VERDICT_COLOURS[verdict]}
    label={short ? SCAL_VERDICT_SHORT_LABELS[verdict] : SCAL_REVIEW_VERDICT_LABELS[verdict]}
    title={SCAL_REVIEW_VERDICT_LABELS[verdict]}
    data-testid="scal-verdict-chip"
    data-verdict={verdict}
    // The workbook's wording is long: let it wrap rather than widen the column.
    sx={short ? undefined : { height: 'auto', maxWidth: '100%', '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
  />
);
