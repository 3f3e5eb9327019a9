import { DialogContentText, TextField } from '@mui/material';
import type { TimelineBaselineDto } from '@pairline/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import type { PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';

export const BASELINES_QUERY_KEY = ['timeline-baselines'] as const;

/** Freezes today's planned dates of every journey under a name, for later comparison. */
export const SaveBaselineDialog = ({ onClose, onSaved }: { onClose: () => void; onSaved: (baseline: TimelineBaselineDto) => void }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => dataProvider.createTimelineBaseline({ name: name.trim(), note: note.trim() || null }),
    onSuccess: async (baseline) => {
      await queryClient.invalidateQueries({ queryKey: BASELINES_QUERY_KEY });
      notify(`Baseline “${baseline.name}” saved`, { type: 'success' });
      onSaved(baseline);
    },
  });
  return (
    <FormDialog
      open
      title="Save a baseline"
      submitLabel="Save baseline"
      onClose={onClose}
      onSubmit={() => save.mutate()}
      pending={save.isPending}
      error={save.error}
      testId="save-baseline-dialog"
      canSubmit={name.trim().length > 0}
    >
      <DialogContentText>
        A baseline is a frozen copy of every journey's planned dates as they stand today. Compare the timeline with it later to see what slipped, in working days.
      </DialogContentText>
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus placeholder="e.g. Board pack, December" slotProps={{ htmlInput: { maxLength: 120 } }} />
      <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={2} helperText="Optional: what this baseline was agreed for." />
    </FormDialog>
  );
};
