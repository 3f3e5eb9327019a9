import EditIcon from '@mui/icons-material/Edit';
import UndoIcon from '@mui/icons-material/Undo';
import UpgradeIcon from '@mui/icons-material/Upgrade';
import {
  Alert,
  AlertTitle,
  Badge,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  DialogContentText,
  MenuItem,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import type { JourneyDetailDto } from '@pairline/contracts';
import { useState, type ReactNode } from 'react';
import { Link, Show, useRecordContext } from 'react-admin';
import { useCan } from '../auth';
import { BlockingItemsPanel } from '../blocking-items/BlockingItemsPanel';
import { ChangeFreezesPanel } from '../change-freezes/ChangeFreezesPanel';
import { FormDialog } from '../common/FormDialog';
import { formatCivilDate, formatDateTime } from '../common/format';
import { useMemberChoices } from '../common/OwnerInput';
import { ScalPanel } from '../scals';
import { ForecastHistoryCard } from '../timeline/ForecastHistoryChart';
import { FollowButton } from './FollowButton';
import { JourneyHistory } from './JourneyHistory';
import { JourneyStages } from './JourneyStages';
import { JourneyStatusChip, StatusColourChip } from './StatusChips';
import { useJourneyAction } from './useJourneyMutation';

export const journeyTitle = (journey: Pick<JourneyDetailDto, 'productName' | 'mechanismName' | 'providerName'>) =>
  `${journey.productName} · ${journey.mechanismName}${journey.providerName ? ` with ${journey.providerName}` : ''}`;

const JourneyTitle = () => {
  const record = useRecordContext<JourneyDetailDto>();
  return <span>{record ? `Journey: ${journeyTitle(record)}` : 'Journey'}</span>;
};

const Fact = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Box sx={{ minWidth: 150 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body1" component="div" data-testid={testId}>
      {children}
    </Typography>
  </Box>
);

const EditJourneyDialog = ({ journey, onClose }: { journey: JourneyDetailDto; onClose: () => void }) => {
  const { choices } = useMemberChoices();
  const [owner, setOwner] = useState(journey.ownerUserId ?? '');
  const [target, setTarget] = useState(journey.targetGoLive ?? '');
  const [notes, setNotes] = useState(journey.notes);
  const save = useJourneyAction(
    journey.id,
    (dp) => dp.updateJourney(journey.id, { ownerUserId: owner || null, targetGoLive: target || null, notes: notes.trim(), version: journey.version }),
    { success: 'Journey saved', onSuccess: onClose },
  );
  return (
    <FormDialog open title="Edit journey" submitLabel="Save" onClose={onClose} onSubmit={() => save.mutate(undefined)} pending={save.isPending} error={save.error} testId="edit-journey-dialog">
      <TextField select label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
        <MenuItem value="">
          <em>Nobody yet</em>
        </MenuItem>
        {choices.map((choice) => (
          <MenuItem key={choice.id} value={choice.id}>
            {choice.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label="Target go-live"
        type="date"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
        helperText="The status colour compares the forecast go-live with it."
      />
      <TextField label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} multiline minRows={3} />
    </FormDialog>
  );
};

const WithdrawDialog = ({ journey, onClose }: { journey: JourneyDetailDto; onClose: () => void }) => {
  const [reason, setReason] = useState('');
  const withdraw = useJourneyAction(journey.id, (dp) => dp.withdrawJourney(journey.id, { reason: reason.trim(), version: journey.version }), {
    success: 'Journey withdrawn',
    onSuccess: onClose,
  });
  return (
    <FormDialog
      open
      title="Withdraw this journey?"
      submitLabel="Withdraw"
      onClose={onClose}
      onSubmit={() => withdraw.mutate(undefined)}
      pending={withdraw.isPending}
      error={withdraw.error}
      testId="withdraw-dialog"
      canSubmit={reason.trim().length >= 3}
    >
      <DialogContentText>Its stages are kept as they are and can no longer change until it is reinstated.</DialogContentText>
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
    </FormDialog>
  );
};

/** Target, forecast and colour, the journey's state, and what can be done to the journey as a whole. */
const JourneyHeader = ({ journey }: { journey: JourneyDetailDto }) => {
  const can = useCan();
  const writable = can('journeys.write');
  const [editing, setEditing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const reinstate = useJourneyAction(journey.id, (dp) => dp.reinstateJourney(journey.id, { version: journey.version }), {
    success: 'Journey reinstated',
    notifyErrors: true,
  });
  const upgrade = useJourneyAction(
    journey.id,
    (dp) => dp.applyJourneyTemplate(journey.id, { templateVersion: journey.latestTemplateVersion, version: journey.version }),
    { success: `Template v${journey.latestTemplateVersion} applied`, notifyErrors: true },
  );
  const withdrawn = journey.status === 'withdrawn';

  return (
    <Card data-testid="journey-header">
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}>
          <Box>
            <Typography variant="h5" component="h1" data-testid="journey-title">
              <Link to={`/products/${encodeURIComponent(journey.productId)}/show`}>{journey.productName}</Link> · {journey.mechanismName}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {journey.providerName ? `IM1 pairing with ${journey.providerName}` : 'GP Connect onboarding with NHS England'} · template {journey.templateKey} v
              {journey.templateVersion}
            </Typography>
          </Box>
          <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
            <FollowButton journeyId={journey.id} />
            {writable ? (
              <>
                <Button startIcon={<EditIcon />} onClick={() => setEditing(true)} data-testid="edit-journey">
                  Edit
                </Button>
                {withdrawn ? (
                  <Button startIcon={<UndoIcon />} onClick={() => reinstate.mutate(undefined)} disabled={reinstate.isPending} data-testid="reinstate-journey">
                    Reinstate
                  </Button>
                ) : (
                  <Button color="error" onClick={() => setWithdrawing(true)} data-testid="withdraw-journey">
                    Withdraw
                  </Button>
                )}
              </>
            ) : null}
          </Stack>
        </Stack>

        <Stack direction="row" spacing={4} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
          <Fact label="Status" testId="journey-status">
            <JourneyStatusChip status={journey.status} />
          </Fact>
          {journey.status === 'live' || withdrawn ? null : (
            <Fact label="Outlook" testId="journey-colour">
              <StatusColourChip colour={journey.statusColour} />
            </Fact>
          )}
          <Fact label="Current stage" testId="journey-current-stage">
            {journey.currentStageName}
          </Fact>
          <Fact label="Target go-live" testId="journey-target">
            {formatCivilDate(journey.targetGoLive, 'Not set')}
          </Fact>
          <Fact label={journey.status === 'live' ? 'Went live' : 'Forecast go-live'} testId="journey-forecast">
            {formatCivilDate(journey.forecastGoLive)}
          </Fact>
          <Fact label="Owner">{journey.ownerName ?? 'Nobody yet'}</Fact>
          <Fact label="Started">{formatDateTime(journey.createdAt)}</Fact>
        </Stack>

        {journey.notes ? (
          <Typography variant="body2" sx={{ mt: 2, whiteSpace: 'pre-wrap' }} data-testid="journey-notes">
            {journey.notes}
          </Typography>
        ) : null}

        <Stack spacing={1} sx={{ mt: 2 }}>
          {journey.warning ? (
            <Alert severity="warning" data-testid="journey-warning">
              {journey.warning}
            </Alert>
          ) : null}
          {withdrawn ? (
            <Alert severity="info" data-testid="journey-withdrawn">
              Withdrawn{journey.withdrawnReason ? `: ${journey.withdrawnReason}` : '.'} Reinstate it to change its stages again.
            </Alert>
          ) : null}
          {journey.latestTemplateVersion > journey.templateVersion ? (
            <Alert
              severity="info"
              data-testid="template-upgrade"
              action={
                writable && !withdrawn ? (
                  <Button color="inherit" size="small" startIcon={<UpgradeIcon />} onClick={() => upgrade.mutate(undefined)} disabled={upgrade.isPending} data-testid="apply-template">
                    Apply template v{journey.latestTemplateVersion}
                  </Button>
                ) : undefined
              }
            >
              A newer version of this journey's template (v{journey.latestTemplateVersion}) is available. Stages that still exist keep their progress.
            </Alert>
          ) : null}
          {journey.overrides.length > 0 ? (
            <Alert severity="warning" data-testid="journey-overrides">
              <AlertTitle>Gate overrides</AlertTitle>
              <Box component="ul" sx={{ m: 0, pl: 2 }}>
                {journey.overrides.map((override) => (
                  <li key={override.id} data-testid="journey-override">
                    Gate overridden by {override.userName} ({formatDateTime(override.createdAt)}, {override.action} {override.stageName}): {override.justification}
                    {override.unmet.length ? (
                      <Typography variant="caption" component="div">
                        Not met at the time: {override.unmet.map((u) => u.message).join(' ')}
                      </Typography>
                    ) : null}
                  </li>
                ))}
              </Box>
            </Alert>
          ) : null}
        </Stack>
      </CardContent>
      {editing ? <EditJourneyDialog journey={journey} onClose={() => setEditing(false)} /> : null}
      {withdrawing ? <WithdrawDialog journey={journey} onClose={() => setWithdrawing(false)} /> : null}
    </Card>
  );
};

type TabKey = 'stages' | 'scal' | 'blockers' | 'freezes' | 'history';

const JourneyPage = () => {
  const journey = useRecordContext<JourneyDetailDto>();
  const can = useCan();
  const [tab, setTab] = useState<TabKey>('stages');
  // Lists seed react-admin's record cache with list items (no stages): wait for the journey itself.
  if (!journey || !Array.isArray(journey.stages)) return <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading the journey" />;
  const openBlockers = journey.blockers.filter((b) => b.status === 'open').length;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }} data-testid="journey-page">
      <JourneyHeader journey={journey} />
      <Card>
        <Tabs value={tab} onChange={(_e, value: TabKey) => setTab(value)} aria-label="Journey sections" sx={{ borderBottom: 1, borderColor: 'divider', px: 2 }}>
          <Tab value="stages" label="Stages" data-testid="tab-stages" />
          {can('scal.read') ? <Tab value="scal" label="SCAL" data-testid="tab-scal" /> : null}
          <Tab
            value="blockers"
            data-testid="tab-blockers"
            label={
              <Badge color="error" badgeContent={openBlockers} sx={{ pr: openBlockers ? 1.5 : 0 }}>
                Blocking items
              </Badge>
            }
          />
          <Tab value="freezes" label={`Change freezes (${journey.freezes.length})`} data-testid="tab-freezes" />
          <Tab value="history" label="History" data-testid="tab-history" />
        </Tabs>
        <CardContent role="tabpanel" aria-label={tab}>
          {tab === 'stages' ? <JourneyStages journey={journey} /> : null}
          {tab === 'scal' ? <ScalPanel journey={journey} /> : null}
          {tab === 'blockers' ? <BlockingItemsPanel journey={journey} /> : null}
          {tab === 'freezes' ? <ChangeFreezesPanel journey={journey} /> : null}
          {tab === 'history' ? <JourneyHistory journeyId={journey.id} /> : null}
        </CardContent>
      </Card>
      <ForecastHistoryCard journeyId={journey.id} />
    </Stack>
  );
};

/** The journey page: header, the stages as a vertical stepper, blocking items, change freezes and history. */
export const JourneyShow = () => (
  <Show<JourneyDetailDto> title={<JourneyTitle />} component="div" actions={false}>
    <JourneyPage />
  </Show>
);
