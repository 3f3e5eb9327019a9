import AttachFileIcon from '@mui/icons-material/AttachFile';
import ChatBubbleOutlineIcon from '@mui/icons-material/ChatBubbleOutlineOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Checkbox, Chip, Stack, TableCell, TableRow, Tooltip, Typography } from '@mui/material';
import { formatCivilDate } from '../common/format';
import { ScalResponseChip, ScalStatusChip, ScalVerdictChip } from './ScalChips';
import type { ScalRequirementRowDto } from './scalsApi';

/** A sub-heading of the workbook's tab, over the requirements that sit under it. */
export const RequirementHeadingRow = ({ row, columns }: { row: ScalRequirementRowDto; columns: number }) => (
  <TableRow data-testid="scal-requirement-heading">
    <TableCell colSpan={columns} sx={{ bgcolor: 'action.hover', py: 0.75 }}>
      <Typography variant="subtitle2" component="span">
        {row.heading}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="span" sx={{ ml: 1 }}>
        {row.sectionName}
      </Typography>
    </TableCell>
  </TableRow>
);

interface RequirementRowProps {
  row: ScalRequirementRowDto;
  writable: boolean;
  selected: boolean;
  ownerName: string;
  today: string;
  onToggle: () => void;
  onOpen: () => void;
}

/** One requirement with its answer, evidence, owner, due date, our status and NHS England's verdict. */
export const RequirementRow = ({ row, writable, selected, ownerName, today, onToggle, onOpen }: RequirementRowProps) => {
  const overdue = row.dueOn !== null && row.dueOn < today && row.status !== 'accepted';
  const needsJustification = row.response !== null && row.response !== 'compliant' && !row.justification;
  return (
    <TableRow hover selected={selected} sx={{ cursor: 'pointer' }} onClick={onOpen} data-testid="scal-requirement-row" data-identifier={row.identifier}>
      {writable ? (
        <TableCell padding="checkbox" onClick={(e) => e.stopPropagation()}>
          <Checkbox size="small" checked={selected} onChange={onToggle} slotProps={{ input: { 'aria-label': `Select ${row.identifier}` } }} />
        </TableCell>
      ) : null}
      {/* A reused identifier carries its tab ("SHR-01 (Cross Cap)"): it may wrap at the space, never inside the identifier. */}
      <TableCell sx={{ fontFamily: 'monospace', minWidth: 80 }}>{row.identifier}</TableCell>
      <TableCell>
        <Chip size="small" label={row.level} variant={row.level === 'MUST' ? 'filled' : 'outlined'} />
      </TableCell>
      <TableCell>
        <Typography variant="body2" sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
          {row.description}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {row.sectionName}
        </Typography>
        {row.reviewVerdict || row.reviewComment ? (
          // NHS England's word sits with the requirement it is about: the widest column has room for its wording.
          <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 0.5, alignItems: 'center', flexWrap: 'wrap' }} data-testid="scal-review">
            {row.reviewVerdict ? <ScalVerdictChip verdict={row.reviewVerdict} /> : null}
            {row.reviewComment ? (
              <Typography variant="caption" color="text.secondary" title={row.reviewComment} sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }} data-testid="scal-review-comment">
                NHS England: {row.reviewComment}
              </Typography>
            ) : null}
          </Stack>
        ) : null}
      </TableCell>
      <TableCell>
        <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
          <ScalResponseChip response={row.response} />
          {needsJustification ? <Chip size="small" color="warning" label="Justification missing" data-testid="scal-needs-justification" /> : null}
        </Stack>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }} data-testid="scal-row-evidence">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {row.evidence.length ? (
            <Tooltip title={row.evidence.map((e) => e.title).join(', ')}>
              <Stack direction="row" spacing={0.25} sx={{ alignItems: 'center' }}>
                <AttachFileIcon fontSize="small" color="action" />
                <Typography variant="body2">{row.evidence.length}</Typography>
              </Stack>
            </Tooltip>
          ) : (
            <Typography variant="body2" color="text.secondary">
              —
            </Typography>
          )}
          {row.needsAttention ? (
            <Tooltip title={row.attentionReasons.join(' ')}>
              <WarningAmberIcon fontSize="small" color="warning" aria-label="Needs attention" data-testid="scal-row-needs-attention" />
            </Tooltip>
          ) : null}
          {row.openThreads ? (
            <Tooltip title={`${row.openThreads} open reviewer thread${row.openThreads === 1 ? '' : 's'}`}>
              <Stack direction="row" spacing={0.25} sx={{ alignItems: 'center' }}>
                <ChatBubbleOutlineIcon fontSize="small" color="info" />
                <Typography variant="body2">{row.openThreads}</Typography>
              </Stack>
            </Tooltip>
          ) : null}
        </Stack>
      </TableCell>
      <TableCell data-testid="scal-row-owner">{ownerName}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap', color: overdue ? 'error.main' : undefined }}>{formatCivilDate(row.dueOn)}</TableCell>
      <TableCell>
        <ScalStatusChip status={row.status} reason={row.rejectionReason} />
      </TableCell>
    </TableRow>
  );
};
