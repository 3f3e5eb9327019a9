import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField, MenuItem, Typography } from '@mui/material';
import type { HazardDto } from '@pairline/contracts';
import type { HazardStatus } from '@pairline/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Create, Edit, useNotify, useRecordContext, useRefresh, useRedirect, TopToolbar, ListButton } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { useCan } from '../auth';
import { FormError } from '../common/FormError';
import { formatDateTime } from '../common/format';
import { changeHazardStatus, withdrawHazard } from './clinicalSafetyApi';
import { ControlsPanel } from './ControlsPanel';
import { HazardForm, toHazardBody } from './HazardForm';
import { HAZARD_STATUS_LABELS, hazardStatusChoices } from './labels';

export const HazardCreate = () => {
  const [error, setError] = useState<unknown>(null);
  const location = useLocation();
  const productId = (location.state as { record?: { productId?: string } } | null)?.record?.productId;
  return (
    <Create<HazardDto> title="New hazard" redirect="edit" transform={(data) => toHazardBody(data, true) as unknown as HazardDto} mutationOptions={{ onError: setError }}>
      <Box sx={{ px: 2, pt: 2 }}>
        <FormError error={error} testId="hazard-form-error" />
      </Box>
      <HazardForm creating defaultValues={{ productId, possibleCauses: [''] }} />
    </Create>
  );
};

const Title = () => {
  const record = useRecordContext<HazardDto>();
  return <>{record ? `${record.number} · ${record.name}` : 'Hazard'}</>;
};

/** Status moves and withdrawal go through their own endpoints, so the domain's rules answer them. */
function StatusBar() {
  const record = useRecordContext<HazardDto>();
  const can = useCan();
  const refresh = useRefresh();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<null | 'status' | 'withdraw'>(null);
  const [status, setStatus] = useState<HazardStatus>('open');
  const [actions, setActions] = useState('');
  const [justification, setJustification] = useState('');
  const [reason, setReason] = useState('');
  const done = () => {
    setDialog(null);
    void queryClient.invalidateQueries();
    refresh();
  };
  const statusMutation = useMutation({
    mutationFn: () => changeHazardStatus(record!.id, { status, version: record!.version, deployingOrganisationActions: actions || undefined, residualAcceptanceJustification: justification || undefined }),
    onSuccess: () => {
      notify(`Hazard ${HAZARD_STATUS_LABELS[status].toLowerCase()}`, { type: 'success' });
      done();
    },
  });
  const withdrawMutation = useMutation({
    mutationFn: () => withdrawHazard(record!.id, { reason, version: record!.version }),
    onSuccess: () => {
      notify('Hazard withdrawn', { type: 'success' });
      done();
    },
  });
  if (!record) return null;
  const writable = can('hazards.write') && !record.withdrawnReason;
  return (
    <Box sx={{ px: 2, pt: 2 }}>
      {record.withdrawnReason ? (
        <Alert severity="warning" data-testid="hazard-withdrawn">
          Withdrawn {formatDateTime(record.withdrawnAt)}: {record.withdrawnReason}. Withdrawn hazards stay in the log and cannot be edited.
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="body2">
          Status: <strong data-testid="hazard-status">{HAZARD_STATUS_LABELS[record.status]}</strong>
          {record.deployingOrganisationActions ? ` · Deploying organisation must: ${record.deployingOrganisationActions}` : ''}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {writable ? (
          <>
            <Button size="small" variant="outlined" onClick={() => { setStatus(record.status); setActions(record.deployingOrganisationActions ?? ''); setJustification(record.residualAcceptanceJustification ?? ''); statusMutation.reset(); setDialog('status'); }} data-testid="hazard-change-status">
              Change status
            </Button>
            <Button size="small" color="error" onClick={() => { setReason(''); withdrawMutation.reset(); setDialog('withdraw'); }} data-testid="hazard-withdraw">
              Withdraw
            </Button>
          </>
        ) : null}
      </Stack>
      <Dialog open={dialog === 'status'} onClose={() => setDialog(null)} fullWidth maxWidth="sm">
        <DialogTitle>Change status of {record.number}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormError error={statusMutation.error} testId="hazard-status-error" />
            <MuiTextField select label="Status" value={status} onChange={(e) => setStatus(e.target.value as HazardStatus)} size="small" slotProps={{ htmlInput: { 'data-testid': 'hazard-status-select' } }}>
              {hazardStatusChoices.map((c) => (
                <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>
              ))}
            </MuiTextField>
            {status === 'transferred' ? (
              <MuiTextField label="What the deploying organisation must do" value={actions} onChange={(e) => setActions(e.target.value)} multiline minRows={2} required />
            ) : null}
            {status !== 'open' ? (
              <MuiTextField label="Why further reduction is impractical (when the plan asks)" value={justification} onChange={(e) => setJustification(e.target.value)} multiline />
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(null)}>Cancel</Button>
          <Button variant="contained" onClick={() => statusMutation.mutate()} disabled={statusMutation.isPending} data-testid="hazard-status-submit">Save status</Button>
        </DialogActions>
      </Dialog>
      <Dialog open={dialog === 'withdraw'} onClose={() => setDialog(null)} fullWidth maxWidth="sm">
        <DialogTitle>Withdraw {record.number}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2">Hazards are never deleted: a withdrawn hazard stays in the log with this reason.</Typography>
            <FormError error={withdrawMutation.error} testId="hazard-withdraw-error" />
            <MuiTextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} required slotProps={{ htmlInput: { 'data-testid': 'hazard-withdraw-reason' } }} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(null)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={() => withdrawMutation.mutate()} disabled={!reason.trim() || withdrawMutation.isPending} data-testid="hazard-withdraw-submit">Withdraw</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

const EditActions = () => (
  <TopToolbar>
    <ListButton />
  </TopToolbar>
);

export const HazardEdit = () => {
  const [error, setError] = useState<unknown>(null);
  const redirect = useRedirect();
  return (
    <Edit<HazardDto>
      title={<Title />}
      actions={<EditActions />}
      mutationMode="pessimistic"
      transform={(data) => toHazardBody(data, false) as unknown as HazardDto}
      mutationOptions={{ onError: setError, onSuccess: (data) => { setError(null); redirect('edit', 'hazards', data.id); } }}
      aside={<ControlsPanel />}
    >
      <StatusBar />
      <Box sx={{ px: 2, pt: 1 }}>
        <FormError error={error} testId="hazard-form-error" />
      </Box>
      <HazardForm />
    </Edit>
  );
};
