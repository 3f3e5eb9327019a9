import { Chip, Tooltip } from '@mui/material';
import type { ProviderSupplierDto } from '@pairline/contracts';
import { useRecordContext } from 'react-admin';

/**
 * Flags a supplier whose current IM1 status no public source confirms; the note says why. Renders
 * nothing for confirmed suppliers so the list stays quiet.
 */
export const StatusUnconfirmedChip = () => {
  const record = useRecordContext<ProviderSupplierDto>();
  if (!record?.statusUnconfirmed) return null;
  return (
    <Tooltip title={record.statusNote ?? 'Current IM1 status is unconfirmed.'}>
      <Chip size="small" color="warning" label="status unconfirmed" />
    </Tooltip>
  );
};
