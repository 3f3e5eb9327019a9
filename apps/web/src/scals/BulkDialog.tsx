import { Alert, Box, MenuItem, TextField, Typography } from '@mui/material';
import { SCAL_REQUIREMENT_STATUSES, type ScalRequirementStatus } from '@pairline/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorCode, errorMessage, type PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { useMemberChoices } from '../common/OwnerInput';
import { SCAL_STATUS_LABELS } from './labels';
import type { ScalBulkRequest, ScalDetailDto, ScalRequirementFilter } from './scalsApi';
import { useScalCache } from './useScalCache';

export type BulkAction = 'owner' | 'due' | 'status';

const TITLES: Record<BulkAction, string> = { owner: 'Assign owner', due: 'Set due date', status: 'Change status' };

/** The 422 `scal_bulk_rejected` details: every row the rules refused. */
type BulkRejection = { identifier: string; message: string };

interface BulkDialogProps {
  scal: ScalDetailDto;
  action: BulkAction;
  /** Either the rows ticked on screen or every row matching the table's filters. */
  selection: { identifiers: string[] } | { filter: ScalRequirementFilter; count: number };
  onClose: () => void;
  onDone: () => void;
}

/** One change to many requirements, all or nothing: one refused row refuses the lot, and each is listed. */
export const BulkDialog = ({ scal, action, selection, onClose, onDone }: BulkDialogProps) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const cache = useScalCache();
  const { choices } = useMemberChoices();
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [status, setStatus] = useState<ScalRequirementStatus | ''>('');
  const [reason, setReason] = useState('');
  const count = 'identifiers' in selection ? selection.identifiers.length : selection.count;

  const run = useMutation({
    mutationFn: () => {
      const set: ScalBulkRequest['set'] =
        action === 'owner' ? { ownerUserId: owner || null } : action === 'due' ? { dueOn: due || null } : { status: status as ScalRequirementStatus, ...(status === 'rejected' ? { rejectionReason: reason.trim() } : {}) };
      return dataProvider.bulkUpdateScalRequirements(scal.id, 'identifiers' in selection ? { identifiers: selection.identifiers, set } : { filter: selection.filter, set });
    },
    onSuccess: (result) => {
      cache.reload(scal.id, scal.journeyIds);
      notify(result.updated === 0 ? 'Nothing needed changing' : `${result.updated} requirement${result.updated === 1 ? '' : 's'} updated`, { type: 'success' });
      onDone();
    },
  });
  const rejected: BulkRejection[] = errorCode(run.error) === 'scal_bulk_rejected' ? ((run.error as { body?: { details?: { rejected?: BulkRejection[] } } }).body?.details?.rejected ?? []) : [];

  return (
    <FormDialog
      open
      title={`${TITLES[action]}: ${count} requirement${count === 1 ? '' : 's'}`}
      submitLabel="Apply"
      onClose={onClose}
      onSubmit={() => run.mutate()}
      pending={run.isPending}
      // A refusal listing rows shows as one alert with the list under its message, below.
      error={rejected.length ? undefined : run.error}
      testId="scal-bulk-dialog"
      canSubmit={action !== 'status' || (status !== '' && (status !== 'rejected' || reason.trim() !== ''))}
    >
      <Typography variant="body2" color="text.secondary">
        {'identifiers' in selection ? 'The ticked rows.' : 'Every requirement matching the current filters, including those on other pages.'} All change or none
        does.
      </Typography>
      {action === 'owner' ? (
        <TextField select label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="scal-bulk-owner">
          <MenuItem value="">
            <em>Nobody (clear the owner)</em>
          </MenuItem>
          {choices.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {action === 'due' ? (
        <TextField label="Due" type="date" value={due} onChange={(e) => setDue(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} helperText="Leave empty to clear the due date" data-testid="scal-bulk-due" />
      ) : null}
      {action === 'status' ? (
        <>
          <TextField select label="New status" value={status} onChange={(e) => setStatus(e.target.value as ScalRequirementStatus)} data-testid="scal-bulk-status">
            {SCAL_REQUIREMENT_STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {SCAL_STATUS_LABELS[s]}
              </MenuItem>
            ))}
          </TextField>
          {status === 'rejected' ? <TextField label="NHS England's reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} /> : null}
        </>
      ) : null}
      {rejected.length ? (
        <Alert severity="error" role="alert" data-testid="scal-bulk-dialog-error">
          {errorMessage(run.error)}
          <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2, maxHeight: 200, overflow: 'auto' }} data-testid="scal-bulk-rejected">
            {rejected.map((r) => (
              <li key={r.identifier}>{r.message}</li>
            ))}
          </Box>
        </Alert>
      ) : null}
    </FormDialog>
  );
};
