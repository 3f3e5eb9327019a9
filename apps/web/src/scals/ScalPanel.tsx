import AddLinkIcon from '@mui/icons-material/AddLink';
import AssignmentReturnedIcon from '@mui/icons-material/AssignmentReturned';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import { Alert, Box, Button, Chip, CircularProgress, Stack, Tab, Tabs, Typography } from '@mui/material';
import type { JourneyDetailDto, JourneyDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useDataProvider, useGetMany, useNotify } from 'react-admin';
import { errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { BaselineChip } from '../scal-templates/BaselineChip';
import { AttachScalDialog } from './AttachScalDialog';
import { RequirementDialog } from './RequirementDialog';
import { RequirementTable } from './RequirementTable';
import { ReturnedWorkbookDialog } from './ReturnedWorkbookDialog';
import { ScalExportButtons } from './ScalExportButtons';
import { ScalProgressSummary } from './ScalProgressBar';
import { ScalStages } from './ScalStages';
import type { ScalDetailDto, ScalRequirementRowDto, ScalRequirementFilter } from './scalsApi';
import { journeyScalQueryKey, useScalCache } from './useScalCache';

const Predicate = ({ met, label, testId }: { met: boolean; label: string; testId: string }) => (
  <Chip
    size="small"
    variant={met ? 'filled' : 'outlined'}
    color={met ? 'success' : 'default'}
    icon={met ? <CheckCircleIcon /> : <RadioButtonUncheckedIcon />}
    label={label}
    data-testid={testId}
    data-met={met}
  />
);

/** The other journeys answering the same SCAL, each a link to its page. */
const SharedWith = ({ scal, journeyId }: { scal: ScalDetailDto; journeyId: string }) => {
  const others = scal.journeyIds.filter((id) => id !== journeyId);
  const { data } = useGetMany<JourneyDto>('journeys', { ids: others }, { enabled: others.length > 0 });
  if (others.length === 0) return <>This journey&apos;s own SCAL.</>;
  return (
    <span data-testid="scal-shared-with">
      One set of answers shared with{' '}
      {(data ?? []).map((j, i) => (
        <span key={j.id}>
          {i ? ', ' : ''}
          <Link to={`/journeys/${encodeURIComponent(j.id)}/show`}>{`${j.mechanismName}${j.providerName ? ` with ${j.providerName}` : ''}`}</Link>
        </span>
      ))}
      .
    </span>
  );
};

const ScalHeader = ({ scal, journeyId, onImportWorkbook }: { scal: ScalDetailDto; journeyId: string; onImportWorkbook?: () => void }) => (
  <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ justifyContent: 'space-between', alignItems: { md: 'center' } }}>
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }} data-testid="scal-template-name">
          <Link to={`/scal-templates/${encodeURIComponent(scal.template.id)}/show`}>{scal.template.name}</Link>
        </Typography>
        <Chip size="small" label={`${scal.template.key} v${scal.template.version}`} sx={{ fontFamily: 'monospace' }} />
        {scal.template.baseline ? <BaselineChip baseline /> : null}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        <SharedWith scal={scal} journeyId={journeyId} />
      </Typography>
    </Box>
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
      {scal.stage ? <Chip size="small" color="primary" variant="outlined" label={scal.stage.label} /> : null}
      {scal.openThreads ? <Chip size="small" color="info" variant="outlined" label={`${scal.openThreads} open reviewer thread${scal.openThreads === 1 ? '' : 's'}`} data-testid="scal-open-threads" /> : null}
      <Predicate met={scal.fullyCompleted} label="Fully completed" testId="scal-fully-completed" />
      <Predicate met={scal.agreed} label="Agreed by NHS England" testId="scal-agreed" />
      {onImportWorkbook ? (
        <Button size="small" variant="outlined" startIcon={<AssignmentReturnedIcon />} onClick={onImportWorkbook} data-testid="scal-import-workbook">
          Import returned workbook
        </Button>
      ) : null}
      <ScalExportButtons scalId={scal.id} />
    </Stack>
  </Stack>
);

/**
 * The SCALs other journeys of the product already answer, each offered for this journey to join:
 * a journey started later shares the answers and evidence instead of beginning again.
 */
const JoinProductScal = ({ journey }: { journey: JourneyDetailDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const cache = useScalCache();
  const scals = useQuery({ queryKey: ['scals', 'product', journey.productId], queryFn: () => dataProvider.findProductScals(journey.productId) });
  const join = useMutation({
    mutationFn: (scalId: string) => dataProvider.joinScal(scalId, journey.id),
    onSuccess: (scal) => {
      queryClient.setQueryData(journeyScalQueryKey(journey.id), scal);
      cache.reload(scal.id, scal.journeyIds);
      void queryClient.invalidateQueries({ queryKey: ['scals', 'product', journey.productId] });
      notify(`This journey now shares the SCAL with ${scal.journeyIds.length - 1} other journey${scal.journeyIds.length === 2 ? '' : 's'}`, { type: 'success' });
    },
  });
  if (!scals.data?.length) return null;
  return (
    <Stack spacing={1} sx={{ alignItems: 'center', mb: 2 }} data-testid="join-product-scal">
      <Typography variant="body2">{journey.productName} already has a SCAL. Join it to share its answers, evidence and stages:</Typography>
      {scals.data.map((s) => (
        <Button key={s.id} variant="outlined" disabled={join.isPending} onClick={() => join.mutate(s.id)} data-testid="join-scal">
          Join {s.template.name} · {s.template.key} v{s.template.version} ({s.journeyIds.length} journey{s.journeyIds.length === 1 ? '' : 's'})
        </Button>
      ))}
      {join.error ? <Alert severity="error">{errorMessage(join.error)}</Alert> : null}
    </Stack>
  );
};

/**
 * The journey's SCAL: attach one, see progress per section, answer requirements and change many at
 * once. The supported test environment gate needs it fully completed; assurance needs it agreed.
 */
export const ScalPanel = ({ journey }: { journey: JourneyDetailDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const can = useCan();
  const writable = can('scal.write');
  const [attaching, setAttaching] = useState(false);
  const [filter, setFilter] = useState<ScalRequirementFilter>({});
  const [open, setOpen] = useState<ScalRequirementRowDto | null>(null);
  const [view, setView] = useState<'requirements' | 'stages'>('requirements');
  const [returning, setReturning] = useState(false);
  const query = useQuery({ queryKey: journeyScalQueryKey(journey.id), queryFn: () => dataProvider.findJourneyScal(journey.id) });

  if (query.isPending) return <CircularProgress size={24} aria-label="Loading the SCAL" />;
  if (query.error) return <Alert severity="error">{errorMessage(query.error)}</Alert>;
  const scal = query.data;

  if (!scal) {
    return (
      <Box sx={{ textAlign: 'center', py: 5 }} data-testid="scal-panel-empty">
        <Typography variant="h6" gutterBottom>
          No SCAL attached
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 560, mx: 'auto', mb: 2 }}>
          Attach the SCAL this journey answers: a version of the template NHS England sent, imported under SCAL templates. Requesting the supported
          test environment needs it fully completed, and assurance needs it agreed.
        </Typography>
        {writable && journey.status !== 'withdrawn' ? <JoinProductScal journey={journey} /> : null}
        {writable && journey.status !== 'withdrawn' ? (
          <Button variant="contained" startIcon={<AddLinkIcon />} onClick={() => setAttaching(true)} data-testid="attach-scal">
            Attach a SCAL
          </Button>
        ) : null}
        {attaching ? <AttachScalDialog journey={journey} onClose={() => setAttaching(false)} /> : null}
      </Box>
    );
  }

  return (
    <Stack spacing={2} data-testid="scal-panel" data-scal-id={scal.id}>
      <ScalHeader scal={scal} journeyId={journey.id} onImportWorkbook={writable ? () => setReturning(true) : undefined} />
      <ScalProgressSummary
        progress={scal.progress}
        onSection={(section) => {
          setFilter({ ...filter, section });
          setView('requirements');
        }}
      />
      <Tabs value={view} onChange={(_e, v: 'requirements' | 'stages') => setView(v)} sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 36 }} aria-label="SCAL views">
        <Tab value="requirements" label="Requirements" sx={{ minHeight: 36 }} data-testid="scal-view-requirements" />
        <Tab value="stages" label={scal.stage ? `Stages and snapshots (${scal.stage.number})` : 'Stages and snapshots'} sx={{ minHeight: 36 }} data-testid="scal-view-stages" />
      </Tabs>
      {view === 'stages' ? <ScalStages scal={scal} /> : null}
      {view === 'requirements' ? <RequirementTable key={JSON.stringify(filter)} scal={scal} writable={writable} filter={filter} onFilterChange={setFilter} onOpen={setOpen} /> : null}
      {returning ? <ReturnedWorkbookDialog scal={scal} onClose={() => setReturning(false)} /> : null}
      {open ? <RequirementDialog key={open.identifier} scal={scal} requirement={open} writable={writable} onClose={() => setOpen(null)} /> : null}
    </Stack>
  );
};
