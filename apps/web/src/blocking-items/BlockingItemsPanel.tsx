import AddIcon from '@mui/icons-material/Add';
import {
  Alert,
  Box,
  Button,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { BlockingItemDto, JourneyDetailDto } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorMessage, useCan } from '../auth';
import { formatCivilDate, todayInEngland } from '../common/format';
import { useMemberChoices } from '../common/OwnerInput';
import type { BlockingItemInput, BlockingItemUpdate } from '../journeys/journeysApi';
import { BLOCKER_PARTY_LABELS } from '../journeys/labels';
import { useJourneyCache } from '../journeys/useJourneyMutation';
import { BlockingItemDialog, blockingItemFields } from './BlockingItemDialog';

/** The PUT body that resolves (or reopens) an item, keeping its other fields. */
export const withStatus = (item: BlockingItemDto, resolved: boolean): BlockingItemUpdate => ({
  ...blockingItemFields(item),
  journeyId: item.journeyId,
  status: resolved ? 'resolved' : 'open',
  resolvedOn: resolved ? todayInEngland() : null,
  version: item.version,
});

export const BlockingItemStatusChip = ({ item }: { item: BlockingItemDto }) => {
  const overdue = item.status === 'open' && item.dueOn !== null && item.dueOn < todayInEngland();
  if (item.status === 'resolved') return <Chip size="small" color="success" variant="outlined" label={`Resolved ${formatCivilDate(item.resolvedOn)}`} />;
  return <Chip size="small" color={overdue ? 'error' : 'warning'} label={overdue ? 'Open, overdue' : 'Open'} data-testid="blocking-item-status" />;
};

/** The journey's blocking items: add one, resolve or reopen it. */
export const BlockingItemsPanel = ({ journey }: { journey: JourneyDetailDto }) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const can = useCan();
  const cache = useJourneyCache();
  const { choices } = useMemberChoices();
  const writable = can('journeys.write') && journey.status !== 'withdrawn';
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<BlockingItemDto | null>(null);
  const ownerName = (id: string | null) => (id ? (choices.find((c) => c.id === id)?.name ?? 'A former member') : '—');
  const stageName = (key: string | null) => (key ? (journey.stages.find((s) => s.key === key)?.name ?? key) : 'Whole journey');

  const create = useMutation({
    mutationFn: (input: BlockingItemInput) => dataProvider.create<BlockingItemDto>('blocking-items', { data: input }),
    onSuccess: () => {
      setAdding(false);
      notify('Blocking item added', { type: 'success' });
      cache.reload(journey.id);
    },
  });
  const update = useMutation({
    mutationFn: ({ item, data }: { item: BlockingItemDto; data: BlockingItemUpdate }) =>
      dataProvider.update<BlockingItemDto>('blocking-items', { id: item.id, data, previousData: item }),
    onSuccess: (_result, { data }) => {
      setEditing(null);
      notify(data.status === 'resolved' ? 'Blocking item resolved' : 'Blocking item saved', { type: 'success' });
      cache.reload(journey.id);
    },
    onError: (error) => {
      notify(errorMessage(error), { type: 'error' });
      cache.reload(journey.id);
    },
  });

  const items = [...journey.blockers].sort((a, b) => (a.status === b.status ? b.raisedOn.localeCompare(a.raisedOn) : a.status === 'open' ? -1 : 1));

  return (
    <Box data-testid="blocking-items-panel">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
        <Typography variant="body2" color="text.secondary">
          Information requests and other items that hold a stage until resolved (e.g. NHS England asks for a penetration-test mitigation report).
        </Typography>
        {writable ? (
          <Button startIcon={<AddIcon />} onClick={() => { create.reset(); setAdding(true); }} data-testid="add-blocking-item">
            Add blocking item
          </Button>
        ) : null}
      </Stack>
      {items.length === 0 ? (
        <Typography color="text.secondary">No blocking items.</Typography>
      ) : (
        <Table size="small" aria-label="Blocking items">
          <TableHead>
            <TableRow>
              <TableCell>Item</TableCell>
              <TableCell>Stage</TableCell>
              <TableCell>Owed by</TableCell>
              <TableCell>Raised</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Status</TableCell>
              {writable ? <TableCell /> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.id} data-testid="blocking-item-row">
                <TableCell>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {item.title}
                  </Typography>
                  {item.description ? (
                    <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
                      {item.description}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell>{stageName(item.stageKey)}</TableCell>
                <TableCell>{BLOCKER_PARTY_LABELS[item.owedBy]}</TableCell>
                <TableCell>{formatCivilDate(item.raisedOn)}</TableCell>
                <TableCell>{formatCivilDate(item.dueOn)}</TableCell>
                <TableCell>{ownerName(item.ownerUserId)}</TableCell>
                <TableCell>
                  <BlockingItemStatusChip item={item} />
                </TableCell>
                {writable ? (
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Button size="small" onClick={() => update.mutate({ item, data: withStatus(item, item.status === 'open') })} disabled={update.isPending} data-testid={item.status === 'open' ? 'resolve-blocking-item' : 'reopen-blocking-item'}>
                      {item.status === 'open' ? 'Resolve' : 'Reopen'}
                    </Button>
                    <Button size="small" onClick={() => { update.reset(); setEditing(item); }}>
                      Edit
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {journey.blockers.some((b) => b.status === 'open' && b.dueOn === null) ? (
        <Alert severity="info" sx={{ mt: 2 }}>
          Open items without a due date cannot move the forecast: give them one when NHS England or the provider says when to expect an answer.
        </Alert>
      ) : null}
      {adding ? (
        <BlockingItemDialog
          title="Add a blocking item"
          submitLabel="Add"
          stages={journey.stages}
          defaultStageKey={journey.currentStageKey}
          onClose={() => setAdding(false)}
          onSubmit={(fields) => create.mutate({ ...fields, journeyId: journey.id })}
          pending={create.isPending}
          error={create.error}
        />
      ) : null}
      {editing ? (
        <BlockingItemDialog
          title={`Edit: ${editing.title}`}
          submitLabel="Save"
          stages={journey.stages}
          initial={blockingItemFields(editing)}
          onClose={() => setEditing(null)}
          onSubmit={(fields) => update.mutate({ item: editing, data: { ...fields, journeyId: editing.journeyId, status: editing.status, resolvedOn: editing.resolvedOn, version: editing.version } })}
          pending={update.isPending}
          error={update.error}
        />
      ) : null}
    </Box>
  );
};
