import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Checkbox, FormControlLabel, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { ChangeFreezeDto, JourneyDetailDto } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useDataProvider, useNotify } from 'react-admin';
import { useCan } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { formatCivilDate } from '../common/format';
import { useJourneyCache } from '../journeys/useJourneyMutation';
import type { ChangeFreezeInput } from './ChangeFreezeForm';

/** The change freezes that apply to this journey (its provider's and everyone's). */
export const ChangeFreezesPanel = ({ journey }: { journey: JourneyDetailDto }) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const can = useCan();
  const cache = useJourneyCache();
  const writable = can('journeys.write');
  const [adding, setAdding] = useState(false);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const [forProvider, setForProvider] = useState(journey.providerSupplierId !== null);
  const [problem, setProblem] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (input: ChangeFreezeInput) => dataProvider.create<ChangeFreezeDto>('change-freezes', { data: input }),
    onSuccess: () => {
      setAdding(false);
      notify('Change freeze added', { type: 'success' });
      // A freeze moves forecasts of every journey it covers.
      cache.reload(journey.id);
    },
  });

  const submit = () => {
    if (!startsOn || !endsOn || !reason.trim()) return setProblem('Give the start, the end and a reason.');
    if (endsOn < startsOn) return setProblem('The freeze ends before it starts.');
    setProblem(null);
    create.mutate({ providerSupplierId: forProvider ? journey.providerSupplierId : null, startsOn, endsOn, reason: reason.trim() });
  };

  const freezes = [...journey.freezes].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return (
    <Box data-testid="change-freezes-panel">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
        <Typography variant="body2" color="text.secondary">
          Forecasts never put a go-live inside a change freeze. <Link to="/change-freezes">All change freezes</Link>
        </Typography>
        {writable ? (
          <Button startIcon={<AddIcon />} onClick={() => { create.reset(); setAdding(true); }} data-testid="add-change-freeze">
            Add change freeze
          </Button>
        ) : null}
      </Stack>
      {freezes.length === 0 ? (
        <Typography color="text.secondary">No change freezes apply to this journey.</Typography>
      ) : (
        <Table size="small" aria-label="Change freezes">
          <TableHead>
            <TableRow>
              <TableCell>From</TableCell>
              <TableCell>To</TableCell>
              <TableCell>Applies to</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {freezes.map((freeze) => (
              <TableRow key={freeze.id} data-testid="change-freeze-row">
                <TableCell>{formatCivilDate(freeze.startsOn)}</TableCell>
                <TableCell>{formatCivilDate(freeze.endsOn)}</TableCell>
                <TableCell>{freeze.providerSupplierId ? (journey.providerName ?? freeze.providerSupplierId) : 'Every provider supplier'}</TableCell>
                <TableCell>{freeze.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {adding ? (
        <FormDialog
          open
          title="Add a change freeze"
          submitLabel="Add"
          onClose={() => setAdding(false)}
          onSubmit={submit}
          pending={create.isPending}
          error={create.error}
          problem={problem}
          testId="change-freeze-dialog"
        >
          <Stack direction="row" spacing={2}>
            <TextField label="Starts on" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} fullWidth required />
            <TextField label="Ends on" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} fullWidth required />
          </Stack>
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} />
          {journey.providerSupplierId ? (
            <FormControlLabel
              control={<Checkbox checked={forProvider} onChange={(e) => setForProvider(e.target.checked)} />}
              label={`Only ${journey.providerName ?? journey.providerSupplierId}'s journeys (otherwise every journey)`}
            />
          ) : null}
        </FormDialog>
      ) : null}
    </Box>
  );
};
