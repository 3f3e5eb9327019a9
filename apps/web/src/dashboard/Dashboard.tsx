import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, CircularProgress, List, ListItem, ListItemText, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { DashboardDto, Role, TimelineDto } from '@pairline/contracts';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Title, useDataProvider } from 'react-admin';
import { errorMessage, useCan, useSession, type PairlineDataProvider } from '../auth';
import { formatCivilDate } from '../common/format';
import { HealthPanel } from '../health/HealthPanel';
import { StatusColourChip } from '../journeys/StatusChips';
import { PortfolioMatrix } from '../portfolio/PortfolioMatrix';
import { GanttChart } from '../timeline/GanttChart';
import { COLOURS, formatSlip } from '../timeline/layout';
import { BarList, Figure, Panel, Progress, StackedBar } from './Figures';

const journeyLink = (journeyId: string) => `/journeys/${encodeURIComponent(journeyId)}/show`;
const SHOWN = 8;

const More = ({ count }: { count: number }) =>
  count > 0 ? (
    <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
      and {count} more
    </Typography>
  ) : null;

/** Headline figures; a tile whose feature is not available to the organisation (null) is left out. */
const KeyFigures = ({ data }: { data: DashboardDto }) => {
  const { overdue } = data;
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }} data-testid="dashboard-figures">
      <Figure label="Go-lives, next 90 days" value={data.goLivesNext90Days.length} hint="Forecast" tone="success" testId="figure-go-lives" />
      <Figure label="Late journeys" value={data.journeysByColour.late} hint={`${data.journeysByColour.at_risk} more at risk`} tone="error" to="/journeys" testId="figure-late" />
      <Figure label="Overdue stages" value={overdue.stages} hint="Past their planned finish" tone="error" testId="figure-overdue-stages" />
      <Figure label="Overdue blocking items" value={overdue.blockingItems} hint="Open past their due date" tone="error" to="/blocking-items" testId="figure-overdue-blockers" />
      {overdue.scalRequirements !== null ? <Figure label="Overdue SCAL requirements" value={overdue.scalRequirements} tone="warning" testId="figure-overdue-scal" /> : null}
      {overdue.evidenceExpiring !== null ? <Figure label="Evidence expiring" value={overdue.evidenceExpiring} hint="Within 30 days" tone="warning" testId="figure-evidence-expiring" /> : null}
      {data.pendingApprovals !== null ? <Figure label="Awaiting CSO approval" value={data.pendingApprovals} hint="Hazard log versions" tone="warning" testId="figure-pending-approvals" /> : null}
    </Box>
  );
};

const ByColour = ({ data }: { data: DashboardDto }) => {
  const c = data.journeysByColour;
  return (
    <Panel title="Journeys by outlook" subheader="Forecast go-live against target" testId="dashboard-by-colour">
      <StackedBar
        testId="by-colour"
        parts={[
          { key: 'on_track', label: 'On track', value: c.on_track, colour: COLOURS.onTrack },
          { key: 'at_risk', label: 'At risk', value: c.at_risk, colour: COLOURS.atRisk },
          { key: 'late', label: 'Late', value: c.late, colour: COLOURS.late },
          { key: 'live', label: 'Live', value: c.live, colour: '#005EB8' },
          { key: 'unknown', label: 'No target', value: c.unknown, colour: COLOURS.none },
        ]}
      />
    </Panel>
  );
};

const ByStage = ({ data }: { data: DashboardDto }) => (
  <Panel title="Journeys by current stage" testId="dashboard-by-stage">
    <BarList testId="by-stage" items={data.journeysByStage.map((s) => ({ key: s.stageName, label: s.stageName, value: s.count }))} empty="No journeys yet." />
  </Panel>
);

const GoLives = ({ data }: { data: DashboardDto }) => {
  const items = [...data.goLivesNext90Days].sort((a, b) => a.forecastGoLive.localeCompare(b.forecastGoLive));
  return (
    <Panel title="Go-lives in the next 90 days" subheader="By forecast date" testId="dashboard-go-lives">
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No journey is forecast to go live in the next 90 days.
        </Typography>
      ) : (
        <List dense disablePadding>
          {items.slice(0, SHOWN).map((g) => (
            <ListItem key={g.journeyId} disableGutters secondaryAction={<StatusColourChip colour={g.statusColour} />} data-testid="go-live-item">
              <ListItemText
                primary={<Link to={journeyLink(g.journeyId)}>{`${g.productName} · ${g.label}`}</Link>}
                secondary={formatCivilDate(g.forecastGoLive)}
                sx={{ pr: 14 }}
              />
            </ListItem>
          ))}
        </List>
      )}
      <More count={items.length - SHOWN} />
    </Panel>
  );
};

const ACCURACY_LABEL = { early: 'Early', on_time: 'On time', late: 'Late' } as const;
const ACCURACY_COLOUR = { early: 'success', on_time: 'success', late: 'error' } as const;

const ForecastAccuracy = ({ data }: { data: DashboardDto }) => (
  <Panel title="Forecast accuracy" subheader="Live journeys: planned against actual go-live" testId="dashboard-accuracy">
    {data.forecastAccuracy.length === 0 ? (
      <Typography variant="body2" color="text.secondary">
        No journey with a target has gone live yet.
      </Typography>
    ) : (
      <Table size="small" aria-label="Forecast accuracy">
        <TableHead>
          <TableRow>
            <TableCell>Journey</TableCell>
            <TableCell>Planned</TableCell>
            <TableCell>Live</TableCell>
            <TableCell align="right">Error</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.forecastAccuracy.slice(0, SHOWN).map((a) => (
            <TableRow key={a.journeyId} data-testid="accuracy-row">
              <TableCell>
                <Link to={journeyLink(a.journeyId)}>{a.productName}</Link>
                <Typography variant="caption" color="text.secondary" component="div">
                  {a.label}
                </Typography>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatCivilDate(a.planned)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatCivilDate(a.actual)}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Chip size="small" variant="outlined" color={ACCURACY_COLOUR[a.verdict]} label={`${ACCURACY_LABEL[a.verdict]}${a.errorWorkingDays ? ` ${formatSlip(a.errorWorkingDays)}` : ''}`} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    )}
    <More count={data.forecastAccuracy.length - SHOWN} />
  </Panel>
);

const ForecastDrift = ({ data }: { data: DashboardDto }) => {
  const items = [...data.forecastDrift].filter((d) => d.totalDrift !== 0).sort((a, b) => Math.abs(b.totalDrift) - Math.abs(a.totalDrift));
  return (
    <Panel title="Forecast drift" subheader="Open journeys: how far the go-live forecast moved in 90 days" testId="dashboard-drift">
      <BarList
        testId="drift"
        empty="No forecast has moved in the last 90 days."
        items={items.slice(0, SHOWN).map((d) => ({
          key: d.journeyId,
          label: `${d.productName} · ${d.label}`,
          value: Math.abs(d.totalDrift),
          colour: d.totalDrift > 0 ? COLOURS.late : COLOURS.early,
          to: journeyLink(d.journeyId),
        }))}
      />
      {items.length ? (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
          Working days; red moved later, green earlier.
        </Typography>
      ) : null}
      <More count={items.length - SHOWN} />
    </Panel>
  );
};

const ScalCompletion = ({ rows }: { rows: NonNullable<DashboardDto['scalCompletion']> }) => {
  const items = [...rows].sort((a, b) => a.done / Math.max(1, a.total) - b.done / Math.max(1, b.total));
  return (
    <Panel title="SCAL completion" subheader="Least complete first" testId="dashboard-scal">
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No journey has a SCAL yet.
        </Typography>
      ) : (
        <Stack spacing={1}>
          {items.slice(0, SHOWN).map((s) => (
            <Box key={s.journeyId} data-testid="scal-item">
              <Typography variant="body2" noWrap>
                <Link to={journeyLink(s.journeyId)}>{`${s.productName} · ${s.label}`}</Link>
              </Typography>
              <Progress done={s.done} total={s.total} />
            </Box>
          ))}
        </Stack>
      )}
      <More count={items.length - SHOWN} />
    </Panel>
  );
};

const RATING_COLOUR = ['', '#007F3B', '#78BE20', '#FFB81C', '#ED8B00', '#D5281B'];

const ClinicalSafety = ({ data, first }: { data: DashboardDto; first: boolean }) => {
  const hazards = data.hazardsByResidualRating;
  if (hazards === null && data.pendingApprovals === null) return null;
  const needReview = (hazards ?? []).filter((h) => h.rating >= 3).reduce((n, h) => n + h.count, 0);
  return (
    <Panel
      title={first ? 'Needs your review' : 'Clinical safety'}
      subheader="Open hazards by residual risk rating (1 lowest, 5 highest)"
      testId="dashboard-clinical-safety"
    >
      <Stack spacing={2}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {data.pendingApprovals !== null ? (
            <Chip color={data.pendingApprovals ? 'warning' : 'default'} label={`${data.pendingApprovals} hazard log version${data.pendingApprovals === 1 ? '' : 's'} awaiting approval`} data-testid="pending-approvals" />
          ) : null}
          {hazards !== null ? <Chip color={needReview ? 'error' : 'default'} variant="outlined" label={`${needReview} open hazard${needReview === 1 ? '' : 's'} rated 3 or above`} data-testid="hazards-need-review" /> : null}
          <Chip color={data.hazardReviewsDue ? 'warning' : 'default'} variant="outlined" label={`${data.hazardReviewsDue} hazard review${data.hazardReviewsDue === 1 ? '' : 's'} overdue`} data-testid="hazard-reviews-due" />
        </Stack>
        {hazards !== null ? (
          <BarList
            testId="hazards-by-rating"
            empty="No open hazards."
            items={[5, 4, 3, 2, 1].map((rating) => ({ key: String(rating), label: `Rating ${rating}`, value: hazards.find((h) => h.rating === rating)?.count ?? 0, colour: RATING_COLOUR[rating] }))}
          />
        ) : null}
      </Stack>
    </Panel>
  );
};

const ITEM_KINDS: Record<DashboardDto['myItems'][number]['kind'], string> = { stage: 'Stage', blocking_item: 'Blocking item', scal_requirement: 'SCAL requirement' };

const MyItems = ({ data }: { data: DashboardDto }) => {
  const items = [...data.myItems].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <Panel title="My overdue and due items" subheader={`Stages, blocking items and SCAL requirements you own: ${overdue} overdue, ${items.length - overdue} due soon`} testId="dashboard-my-items">
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          Nothing of yours is overdue or due soon.
        </Typography>
      ) : (
        <List dense disablePadding>
          {items.slice(0, SHOWN * 2).map((item) => (
            <ListItem
              key={`${item.kind}-${item.id}`}
              disableGutters
              data-testid="my-item"
              secondaryAction={<Chip size="small" color={item.overdue ? 'error' : 'default'} variant={item.overdue ? 'filled' : 'outlined'} label={item.overdue ? `Overdue since ${formatCivilDate(item.dueOn)}` : `Due ${formatCivilDate(item.dueOn)}`} />}
            >
              <ListItemText
                primary={item.journeyId ? <Link to={journeyLink(item.journeyId)}>{item.title}</Link> : item.title}
                secondary={ITEM_KINDS[item.kind]}
                sx={{ pr: 24 }}
              />
            </ListItem>
          ))}
        </List>
      )}
      <More count={items.length - SHOWN * 2} />
    </Panel>
  );
};

const PortfolioCard = () => (
  <Card data-testid="dashboard-portfolio">
    <CardHeader
      title="Portfolio"
      subheader="Each product's journeys by GP clinical system supplier and GP Connect capability"
      slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 700 } }, subheader: { variant: 'body2' } }}
      action={
        <Button component={Link} to="/portfolio" size="small">
          Open the portfolio
        </Button>
      }
    />
    <CardContent sx={{ pt: 0 }}>
      <PortfolioMatrix />
    </CardContent>
  </Card>
);

const CompactTimeline = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const timeline = useQuery<TimelineDto>({ queryKey: ['timeline', ''], queryFn: () => dataProvider.getTimeline({}) });
  return (
    <Panel
      title="Timeline"
      subheader="Every journey's stages, by quarter"
      testId="dashboard-timeline"
      action={
        <Button component={Link} to="/timeline" size="small">
          Open the timeline
        </Button>
      }
    >
      {timeline.isPending ? (
        <CircularProgress size={24} />
      ) : timeline.isError ? (
        <Alert severity="error">{errorMessage(timeline.error)}</Alert>
      ) : timeline.data.products.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No journeys yet.
        </Typography>
      ) : (
        <GanttChart data={timeline.data} zoom="quarter" maxHeight={380} />
      )}
    </Panel>
  );
};

type SectionKey = 'figures' | 'mine' | 'safety' | 'portfolio' | 'timeline' | 'outlook' | 'goLives' | 'forecast';

/** What each role opens Pairline for comes first; everything else follows in the same order for all. */
const FIRST: Partial<Record<Role, SectionKey[]>> = {
  executive: ['figures', 'portfolio', 'timeline'],
  compliance_lead: ['mine', 'figures'],
  clinical_safety_officer: ['safety', 'figures'],
};
const DEFAULT_ORDER: SectionKey[] = ['figures', 'mine', 'safety', 'goLives', 'outlook', 'portfolio', 'timeline', 'forecast'];

export const dashboardOrder = (role: Role | undefined): SectionKey[] => {
  const first = (role && FIRST[role]) ?? [];
  return [...first, ...DEFAULT_ORDER.filter((k) => !first.includes(k))];
};

const Row = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'repeat(2, minmax(0, 1fr))' }, alignItems: 'start' }}>{children}</Box>
);

/** The home page: the figures that matter to the signed-in role first, then the rest of the portfolio's state. */
export const Dashboard = () => {
  const can = useCan();
  const session = useSession();
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const readsJourneys = can('journeys.read');
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => dataProvider.getDashboard(), enabled: readsJourneys });
  const data = dashboard.data;
  const role = session?.role;
  const isCso = role === 'clinical_safety_officer';

  const sections: Record<SectionKey, ReactNode> = data
    ? {
        figures: <KeyFigures key="figures" data={data} />,
        mine: data.myItems.length || role === 'compliance_lead' ? <MyItems key="mine" data={data} /> : null,
        safety: <ClinicalSafety key="safety" data={data} first={isCso} />,
        portfolio: <PortfolioCard key="portfolio" />,
        timeline: <CompactTimeline key="timeline" />,
        outlook: (
          <Row key="outlook">
            <ByColour data={data} />
            <ByStage data={data} />
          </Row>
        ),
        goLives: (
          <Row key="goLives">
            <GoLives data={data} />
            {data.scalCompletion !== null ? <ScalCompletion rows={data.scalCompletion} /> : null}
          </Row>
        ),
        forecast: (
          <Row key="forecast">
            <ForecastAccuracy data={data} />
            <ForecastDrift data={data} />
          </Row>
        ),
      }
    : ({} as Record<SectionKey, ReactNode>);

  return (
    <Box data-testid="dashboard" data-role={role} data-loaded={readsJourneys ? dashboard.isSuccess : true} sx={{ mt: 2, mb: 4, display: 'grid', gap: 2 }}>
      <Title title="Dashboard" />
      {readsJourneys ? (
        dashboard.isPending ? (
          <Box sx={{ display: 'grid', placeItems: 'center', height: 200 }}>
            <CircularProgress aria-label="Loading the dashboard" />
          </Box>
        ) : dashboard.isError ? (
          <Alert severity="error">{errorMessage(dashboard.error)}</Alert>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary" data-testid="dashboard-as-of">
              As of {formatCivilDate(data?.asOf)}
            </Typography>
            {dashboardOrder(role).map((key) => sections[key])}
          </>
        )
      ) : null}
      <Card sx={{ maxWidth: 960 }}>
        <CardContent>
          <HealthPanel />
        </CardContent>
      </Card>
    </Box>
  );
};
