import { MenuItem, Stack, TextField } from '@mui/material';
import { BLOCKER_PARTIES, type BlockerParty, type BlockingItemDto, type StageDto } from '@pairline/contracts';
import { useState } from 'react';
import { FormDialog } from '../common/FormDialog';
import { useMemberChoices } from '../common/OwnerInput';
import { todayInEngland } from '../common/format';
import type { BlockingItemInput } from '../journeys/journeysApi';
import { BLOCKER_PARTY_LABELS } from '../journeys/labels';

export type BlockingItemFields = Omit<BlockingItemInput, 'journeyId'>;
type Fields = BlockingItemFields;

const emptyFields = (): Fields => ({
  stageKey: null,
  title: '',
  description: '',
  owedBy: 'us',
  raisedOn: todayInEngland(),
  dueOn: null,
  ownerUserId: null,
});

export const blockingItemFields = (item: BlockingItemDto): Fields => ({
  stageKey: item.stageKey,
  title: item.title,
  description: item.description,
  owedBy: item.owedBy,
  raisedOn: item.raisedOn,
  dueOn: item.dueOn,
  ownerUserId: item.ownerUserId,
});

/**
 * A blocking item's fields: an information request from NHS England or the provider (or one we owe
 * them), dated, with an owner. It holds its stage until resolved.
 */
export const BlockingItemDialog = ({
  title,
  submitLabel,
  stages,
  initial,
  defaultStageKey,
  onClose,
  onSubmit,
  pending,
  error,
}: {
  title: string;
  submitLabel: string;
  stages: readonly Pick<StageDto, 'key' | 'name'>[];
  initial?: Fields;
  defaultStageKey?: string | null;
  onClose: () => void;
  onSubmit: (fields: Fields) => void;
  pending: boolean;
  error: unknown;
}) => {
  const { choices } = useMemberChoices();
  const [fields, setFields] = useState<Fields>(() => initial ?? { ...emptyFields(), stageKey: defaultStageKey ?? null });
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((f) => ({ ...f, [key]: value }));

  const submit = () => {
    if (!fields.title.trim()) return setProblem('Give the blocking item a title.');
    if (!fields.raisedOn) return setProblem('Say when it was raised.');
    if (fields.dueOn && fields.dueOn < fields.raisedOn) return setProblem('The due date is before the day it was raised.');
    setProblem(null);
    onSubmit({ ...fields, title: fields.title.trim(), description: fields.description.trim() });
  };

  return (
    <FormDialog open title={title} submitLabel={submitLabel} onClose={onClose} onSubmit={submit} pending={pending} error={error} problem={problem} testId="blocking-item-dialog">
      <TextField label="Title" value={fields.title} onChange={(e) => set('title', e.target.value)} required autoFocus placeholder="e.g. Penetration-test mitigation report" />
      <TextField label="Description" value={fields.description} onChange={(e) => set('description', e.target.value)} multiline minRows={2} />
      <Stack direction="row" spacing={2}>
        <TextField select label="Owed by" value={fields.owedBy} onChange={(e) => set('owedBy', e.target.value as BlockerParty)} fullWidth helperText="Who owes the next move">
          {BLOCKER_PARTIES.map((party) => (
            <MenuItem key={party} value={party}>
              {BLOCKER_PARTY_LABELS[party]}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="Stage" value={fields.stageKey ?? ''} onChange={(e) => set('stageKey', e.target.value || null)} fullWidth helperText="The stage it holds">
          <MenuItem value="">
            <em>The whole journey</em>
          </MenuItem>
          {stages.map((stage) => (
            <MenuItem key={stage.key} value={stage.key}>
              {stage.name}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Stack direction="row" spacing={2}>
        <TextField label="Raised on" type="date" value={fields.raisedOn} onChange={(e) => set('raisedOn', e.target.value)} slotProps={{ inputLabel: { shrink: true } }} fullWidth required />
        <TextField
          label="Due on"
          type="date"
          value={fields.dueOn ?? ''}
          onChange={(e) => set('dueOn', e.target.value || null)}
          slotProps={{ inputLabel: { shrink: true } }}
          fullWidth
          helperText="A due date lets it move the forecast"
        />
      </Stack>
      <TextField select label="Owner" value={fields.ownerUserId ?? ''} onChange={(e) => set('ownerUserId', e.target.value || null)}>
        <MenuItem value="">
          <em>Nobody yet</em>
        </MenuItem>
        {choices.map((choice) => (
          <MenuItem key={choice.id} value={choice.id}>
            {choice.name}
          </MenuItem>
        ))}
      </TextField>
    </FormDialog>
  );
};
