import { Chip, type ChipProps } from '@mui/material';
import type { InvitationDto } from '@pairline/contracts';
import { useRecordContext } from 'react-admin';

const STATUS: Record<InvitationDto['status'], { label: string; color: ChipProps['color'] }> = {
  pending: { label: 'Pending', color: 'info' },
  accepted: { label: 'Accepted', color: 'success' },
  revoked: { label: 'Revoked', color: 'default' },
  expired: { label: 'Expired', color: 'warning' },
};

export const InvitationStatusChip = (_props: { label?: string; sortable?: boolean }) => {
  const record = useRecordContext<InvitationDto>();
  if (!record) return null;
  const status = STATUS[record.status] ?? { label: record.status, color: 'default' };
  return <Chip size="small" label={status.label} color={status.color} data-testid="invitation-status" data-status={record.status} />;
};
