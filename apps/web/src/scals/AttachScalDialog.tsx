import { Box, Checkbox, FormControlLabel, FormGroup, FormLabel, MenuItem, TextField, Typography } from '@mui/material';
import type { JourneyDetailDto, JourneyDto } from '@pairline/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useGetList, useNotify } from 'react-admin';
import type { PairlineDataProvider } from '../auth';
import { FormDialog } from '../common/FormDialog';
import { BASELINE_NOTE } from './labels';
import type { ScalTemplateDto } from './scalsApi';
import { journeyScalQueryKey, useScalCache } from './useScalCache';

const journeyLabel = (j: Pick<JourneyDto, 'mechanismName' | 'providerName'>) => `${j.mechanismName}${j.providerName ? ` with ${j.providerName}` : ''}`;

/**
 * Attaches a new SCAL, answering one template version, to this journey and, when the organisation
 * shares one SCAL per product, to other journeys of the same product (much baseline evidence is the same).
 */
export const AttachScalDialog = ({ journey, onClose }: { journey: JourneyDetailDto; onClose: () => void }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const cache = useScalCache();
  const templates = useGetList<ScalTemplateDto>('scal-templates', { pagination: { page: 1, perPage: 100 }, sort: { field: 'createdAt', order: 'DESC' } });
  const siblings = useGetList<JourneyDto>('journeys', { pagination: { page: 1, perPage: 100 }, sort: { field: 'createdAt', order: 'ASC' }, filter: { productId: journey.productId } });
  const [templateId, setTemplateId] = useState('');
  const [shared, setShared] = useState<string[]>([]);
  const others = (siblings.data ?? []).filter((j) => j.id !== journey.id && j.status !== 'withdrawn');

  const attach = useMutation({
    mutationFn: () => dataProvider.createScal({ templateId, journeyIds: [journey.id, ...shared] }),
    onSuccess: (scal) => {
      for (const journeyId of scal.journeyIds) queryClient.setQueryData(journeyScalQueryKey(journeyId), scal);
      cache.reload(scal.id, scal.journeyIds);
      notify(scal.journeyIds.length > 1 ? `SCAL attached to ${scal.journeyIds.length} journeys` : 'SCAL attached', { type: 'success' });
      onClose();
    },
  });

  return (
    <FormDialog open title="Attach a SCAL" submitLabel="Attach" onClose={onClose} onSubmit={() => attach.mutate()} pending={attach.isPending} error={attach.error} testId="attach-scal-dialog" canSubmit={templateId !== ''}>
      {templates.data && templates.data.length === 0 ? (
        <Typography variant="body2" color="warning.main">
          There are no SCAL templates yet: import NHS England&apos;s workbook or copy the baseline under SCAL templates first.
        </Typography>
      ) : null}
      <TextField select label="Template version" value={templateId} onChange={(e) => setTemplateId(e.target.value)} required data-testid="attach-scal-template">
        {(templates.data ?? []).map((t) => (
          <MenuItem key={t.id} value={t.id}>
            {t.name} · {t.key} v{t.version}
            {t.baseline ? ` (${BASELINE_NOTE})` : ''}
          </MenuItem>
        ))}
      </TextField>
      {others.length ? (
        <Box>
          <FormLabel component="legend">Share this SCAL with other journeys of {journey.productName}</FormLabel>
          <Typography variant="caption" color="text.secondary" component="div">
            One set of answers and evidence for all of them. A journey that already has a SCAL cannot share a new one.
          </Typography>
          <FormGroup>
            {others.map((j) => (
              <FormControlLabel
                key={j.id}
                control={<Checkbox size="small" checked={shared.includes(j.id)} onChange={(e) => setShared((s) => (e.target.checked ? [...s, j.id] : s.filter((id) => id !== j.id)))} />}
                label={journeyLabel(j)}
              />
            ))}
          </FormGroup>
        </Box>
      ) : null}
    </FormDialog>
  );
};
