import { Box, Button, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { EvidenceItemDto, HazardControlDto, HazardDto } from '@pairline/contracts';
import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import type { ControlStatus, ControlType } from '@pairline/domain';
import { useState } from 'react';
import { Link, useCreate, useGetList, useGetMany, useNotify, useRecordContext, useUpdate } from 'react-admin';
import { useCan } from '../auth';
import { FormError } from '../common/FormError';
import { EvidenceAutocomplete } from '../evidence/EvidenceAutocomplete';
import { CONTROL_STATUS_LABELS, CONTROL_TYPE_LABELS, controlStatusChoices, controlTypeChoices } from './labels';

interface Draft {
  id?: string;
  type: ControlType;
  description: string;
  status: ControlStatus;
  verificationReference: string;
  verificationEvidence: Pick<EvidenceItemDto, 'id' | 'title'> | null;
  hazardIds: string[];
  version?: number;
}

const STATUS_COLOURS: Record<ControlStatus, 'default' | 'info' | 'success'> = { planned: 'default', implemented: 'info', verified: 'success' };

/** A hazard's additional controls; a control may mitigate several hazards of its product. */
export function ControlsPanel() {
  const hazard = useRecordContext<HazardDto>();
  const can = useCan();
  const notify = useNotify();
  const { data: controls = [], refetch } = useGetList<HazardControlDto>(
    'hazard-controls',
    { filter: { productId: hazard?.productId }, pagination: { page: 1, perPage: LIST_MAX_PAGE_SIZE }, sort: { field: 'type', order: 'ASC' } },
    { enabled: Boolean(hazard) },
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [create, { isPending: creating }] = useCreate();
  const [update, { isPending: updating }] = useUpdate();
  const evidenceIds = [...new Set(controls.map((c) => c.verificationEvidenceId).filter((id): id is string => Boolean(id)))];
  const { data: evidence = [] } = useGetMany<EvidenceItemDto>('evidence', { ids: evidenceIds }, { enabled: evidenceIds.length > 0 });
  const evidenceTitle = (id: string) => evidence.find((e) => e.id === id)?.title ?? 'Evidence item';
  if (!hazard) return null;
  const linked = controls.filter((c) => c.hazardIds.includes(hazard.id));
  const others = controls.filter((c) => !c.hazardIds.includes(hazard.id));
  const writable = can('hazards.write') && !hazard.withdrawnReason;

  const save = async () => {
    if (!draft) return;
    setError(null);
    const options = { returnPromise: true as const };
    const proof = { verificationReference: draft.verificationReference || null, verificationEvidenceId: draft.verificationEvidence?.id ?? null };
    try {
      if (draft.id) {
        await update('hazard-controls', { id: draft.id, data: { type: draft.type, description: draft.description, status: draft.status, ...proof, hazardIds: draft.hazardIds, version: draft.version }, previousData: {} }, options);
      } else {
        const created = await create('hazard-controls', { data: { productId: hazard.productId, type: draft.type, description: draft.description, ...proof, hazardIds: draft.hazardIds } }, options);
        // A new control starts planned; any other status is a change the server checks (evidence for verified).
        if (draft.status !== 'planned') await update('hazard-controls', { id: created.id, data: { status: draft.status, ...proof, version: created.version }, previousData: created }, options);
      }
      notify('Control saved', { type: 'success' });
      setDraft(null);
      await refetch();
    } catch (e) {
      setError(e);
    }
  };
  const draftOf = (c: HazardControlDto, hazardIds: string[]): Draft => ({
    id: c.id,
    type: c.type,
    description: c.description,
    status: c.status,
    verificationReference: c.verificationReference ?? '',
    verificationEvidence: c.verificationEvidenceId ? { id: c.verificationEvidenceId, title: evidenceTitle(c.verificationEvidenceId) } : null,
    hazardIds,
    version: c.version,
  });
  const edit = (c: HazardControlDto) => {
    setError(null);
    setDraft(draftOf(c, [...c.hazardIds]));
  };

  return (
    <Card sx={{ ml: 2, width: 340, flexShrink: 0, alignSelf: 'flex-start' }} data-testid="hazard-controls">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="subtitle1">Additional controls</Typography>
          {writable ? (
            <Button size="small" onClick={() => { setError(null); setDraft({ type: 'design', description: '', status: 'planned', verificationReference: '', verificationEvidence: null, hazardIds: [hazard.id] }); }} data-testid="control-add">
              Add
            </Button>
          ) : null}
        </Stack>
        {linked.length === 0 ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>No controls yet. Design, test, training and business process change controls lower the residual risk; closing needs each one verified.</Typography>
        ) : null}
        {linked.map((c) => (
          <Box key={c.id} sx={{ py: 1, borderTop: 1, borderColor: 'divider', cursor: writable ? 'pointer' : 'default' }} onClick={() => writable && edit(c)} data-testid="control-row">
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography variant="caption" color="text.secondary">{CONTROL_TYPE_LABELS[c.type]}</Typography>
              <Chip size="small" label={CONTROL_STATUS_LABELS[c.status]} color={STATUS_COLOURS[c.status]} />
              {c.hazardIds.length > 1 ? <Typography variant="caption" color="text.secondary">+{c.hazardIds.length - 1} hazards</Typography> : null}
            </Stack>
            <Typography variant="body2">{c.description}</Typography>
            {c.verificationEvidenceId ? (
              <Typography variant="caption" component="div" onClick={(e) => e.stopPropagation()}>
                Evidence: <Link to={`/evidence/${encodeURIComponent(c.verificationEvidenceId)}/show`} data-testid="control-evidence-link">{evidenceTitle(c.verificationEvidenceId)}</Link>
              </Typography>
            ) : null}
            {c.verificationReference ? <Typography variant="caption" component="div" color="text.secondary">Reference: {c.verificationReference}</Typography> : null}
          </Box>
        ))}
        {writable && others.length ? (
          <TextField select size="small" fullWidth label="Link an existing control" value="" sx={{ mt: 1 }} onChange={(e) => { const c = others.find((o) => o.id === e.target.value); if (c) setDraft(draftOf(c, [...c.hazardIds, hazard.id])); }}>
            {others.map((c) => (
              <MenuItem key={c.id} value={c.id}>{CONTROL_TYPE_LABELS[c.type]}: {c.description.slice(0, 60)}</MenuItem>
            ))}
          </TextField>
        ) : null}
      </CardContent>
      <Dialog open={draft !== null} onClose={() => setDraft(null)} fullWidth maxWidth="sm">
        <DialogTitle>{draft?.id ? 'Control' : 'New control'}</DialogTitle>
        {draft ? (
          <DialogContent>
            <Stack spacing={2} sx={{ pt: 1 }}>
              <FormError error={error} testId="control-error" />
              <TextField select size="small" label="Type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as ControlType })}>
                {controlTypeChoices.map((c) => <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>)}
              </TextField>
              <TextField label="Description" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} multiline minRows={2} required slotProps={{ htmlInput: { 'data-testid': 'control-description' } }} />
              <TextField select size="small" label="Status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as ControlStatus })}>
                {controlStatusChoices.map((c) => <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>)}
              </TextField>
              <EvidenceAutocomplete
                value={draft.verificationEvidence}
                onChange={(verificationEvidence) => setDraft({ ...draft, verificationEvidence })}
                label="Verification evidence from the vault"
                data-testid="control-evidence"
                sort={{ field: 'title', order: 'ASC' }}
                searchOnlyWhileTyping
              />
              <TextField label="Verification evidence reference" helperText="Test report, training record… Verified needs an evidence item or a reference" value={draft.verificationReference} onChange={(e) => setDraft({ ...draft, verificationReference: e.target.value })} />
              {draft.id ? (
                <Button size="small" color="warning" sx={{ alignSelf: 'flex-start' }} onClick={() => setDraft({ ...draft, hazardIds: draft.hazardIds.includes(hazard.id) ? draft.hazardIds.filter((h) => h !== hazard.id) : [...draft.hazardIds, hazard.id] })}>
                  {draft.hazardIds.includes(hazard.id) ? `Unlink from ${hazard.number}` : `Link to ${hazard.number}`}
                </Button>
              ) : null}
            </Stack>
          </DialogContent>
        ) : null}
        <DialogActions>
          <Button onClick={() => setDraft(null)}>Cancel</Button>
          <Button variant="contained" onClick={() => void save()} disabled={!draft?.description.trim() || creating || updating} data-testid="control-save">Save</Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
