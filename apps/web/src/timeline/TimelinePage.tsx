import BookmarkAddIcon from '@mui/icons-material/BookmarkAdd';
import DownloadIcon from '@mui/icons-material/Download';
import ImageIcon from '@mui/icons-material/Image';
import TableViewIcon from '@mui/icons-material/TableView';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  LinearProgress,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import type { TimelineDto } from '@pairline/contracts';
import { MECHANISMS, PROVIDER_SUPPLIERS, STATUS_COLOURS, type StatusColour } from '@pairline/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import {
  FilterForm,
  ListContextProvider,
  ReferenceInput,
  SelectInput,
  AutocompleteInput,
  Title,
  useDataProvider,
  useNotify,
  type ListControllerResult,
} from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { downloadBlob, formatCivilDate, providerLabel } from '../common/format';
import { STATUS_COLOUR_LABELS } from '../journeys/labels';
import { downloadTimelinePng } from './exportPng';
import { GanttChart, type GanttParts } from './GanttChart';
import { COLOURS } from './layout';
import { BASELINES_QUERY_KEY, SaveBaselineDialog } from './SaveBaselineDialog';
import { ZOOMS, type Zoom } from './scale';
import { timelineQuery, type TimelineFilter } from './timelineApi';

const FILTER_KEYS = ['productId', 'providerSupplierId', 'mechanismId', 'statusColour'] as const;

const statusColourChoices = STATUS_COLOURS.map((id) => ({ id, name: STATUS_COLOUR_LABELS[id] }));

/** react-admin's own filter inputs, as on the journey list, read from and written to the page URL. */
const filterInputs = [
  <ReferenceInput key="productId" source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <AutocompleteInput label="Product" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <ReferenceInput key="providerSupplierId" source="providerSupplierId" reference="provider-suppliers" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Provider supplier" optionText={providerLabel} sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <ReferenceInput key="mechanismId" source="mechanismId" reference="mechanisms" alwaysOn perPage={50}>
    <SelectInput label="Mechanism" optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <SelectInput key="statusColour" source="statusColour" label="Status colour" choices={statusColourChoices} alwaysOn sx={{ minWidth: 160 }} />,
];

/** The filters in words, for the exported image: "TPP (SystmOne), IM1 Transaction". */
function describeFilter(filter: TimelineFilter, data: TimelineDto | undefined): string {
  const provider = PROVIDER_SUPPLIERS.find((p) => p.key === filter.providerSupplierId);
  const product = filter.productId ? data?.products.find((p) => p.productId === filter.productId)?.productName : undefined;
  return [
    product ?? (filter.productId ? 'one product' : null),
    provider ? providerLabel(provider) : null,
    MECHANISMS.find((m) => m.key === filter.mechanismId)?.name ?? null,
    filter.statusColour ? (STATUS_COLOUR_LABELS[filter.statusColour as StatusColour] ?? filter.statusColour) : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The page's state lives in the URL, so a filtered, zoomed comparison can be bookmarked and shared. */
function useTimelineParams() {
  const [params, setParams] = useSearchParams();
  const filter: TimelineFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const baselineId = params.get('baselineId') ?? '';
  const zoomParam = params.get('zoom');
  const zoom: Zoom = zoomParam === 'month' || zoomParam === 'year' ? zoomParam : 'quarter';
  const update = (changes: Record<string, string | null | undefined>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  return { filter, baselineId, zoom, update };
}

const LegendItem = ({ children, label }: { children: ReactNode; label: string }) => (
  <Stack direction="row" spacing={0.75} sx={{ alignItems: 'center' }}>
    <svg width={26} height={14} aria-hidden>
      {children}
    </svg>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
  </Stack>
);

const Legend = ({ withBaseline }: { withBaseline: boolean }) => (
  <Stack direction="row" spacing={2.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }} data-testid="timeline-legend">
    <LegendItem label="Actual">
      <rect x={1} y={1} width={24} height={12} rx={2} fill="#005EB8" />
    </LegendItem>
    <LegendItem label="Forecast">
      <defs>
        <pattern id="legend-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#D2E4F5" />
          <rect width="2.2" height="6" fill="#005EB8" fillOpacity="0.55" />
        </pattern>
      </defs>
      <rect x={1} y={1} width={24} height={12} rx={2} fill="url(#legend-hatch)" stroke="#005EB8" strokeOpacity={0.6} strokeWidth={0.75} />
    </LegendItem>
    <LegendItem label="Waiting on others">
      <rect x={1} y={1} width={24} height={12} rx={2} fill="#7C2855" />
    </LegendItem>
    <LegendItem label="Blocked">
      <rect x={1} y={1} width={24} height={12} rx={2} fill="#D5281B" />
    </LegendItem>
    <LegendItem label={withBaseline ? 'Baseline' : 'Planned (agreed dates)'}>
      <rect x={1} y={4.5} width={24} height={5} rx={1} fill="#FFFFFF" stroke={withBaseline ? COLOURS.baseline : COLOURS.plan} />
    </LegendItem>
    <LegendItem label="RTC / Live (hollow: forecast)">
      <path d="M7 1L13 7L7 13L1 7Z" fill="#003087" />
      <path d="M19 1L25 7L19 13L13 7Z" fill="#FFFFFF" stroke={COLOURS.live} strokeWidth={1.5} />
    </LegendItem>
    <LegendItem label="Target go-live">
      <path d="M10 1V13M10 1h6l-2 3l2 3h-6" fill={COLOURS.text} stroke={COLOURS.text} />
    </LegendItem>
    <LegendItem label="Blocking item (due date)">
      <path d="M8 2h10l-5 8Z" fill={COLOURS.blocker} />
    </LegendItem>
    <LegendItem label="Change freeze">
      <rect x={1} y={0} width={24} height={14} fill={COLOURS.freeze} fillOpacity={0.3} />
    </LegendItem>
    <LegendItem label="Today">
      <line x1={13} x2={13} y1={0} y2={14} stroke={COLOURS.today} strokeWidth={1.5} />
    </LegendItem>
  </Stack>
);

const ExportMenu = ({ data, parts, filter, subtitle }: { data: TimelineDto | undefined; parts: RefObject<GanttParts>; filter: TimelineFilter; subtitle: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setAnchor(null);
    setBusy(true);
    try {
      await work();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const stamp = data?.asOf ?? new Date().toISOString().slice(0, 10);
  return (
    <>
      <Button
        startIcon={busy ? <CircularProgress size={16} /> : <DownloadIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        disabled={!data || busy}
        aria-haspopup="menu"
        data-testid="timeline-export"
      >
        Export
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => run(() => downloadTimelinePng(parts.current, 'Pairline · pairing timeline', subtitle, `pairline-timeline-${stamp}.png`))} data-testid="timeline-export-png">
          <ListItemIcon>
            <ImageIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary="Image (PNG)" secondary="The chart as shown" />
        </MenuItem>
        <MenuItem
          onClick={() =>
            run(async () => {
              const { blob, filename } = await dataProvider.exportTimelineXlsx(filter);
              downloadBlob(blob, filename);
            })
          }
          data-testid="timeline-export-xlsx"
        >
          <ListItemIcon>
            <TableViewIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary="Spreadsheet (xlsx)" secondary="Every stage's dates" />
        </MenuItem>
      </Menu>
    </>
  );
};

/** `/timeline`: the Gantt view of every journey, with filters, zoom, baselines and exports. */
export const TimelinePage = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const can = useCan();
  const { filter, baselineId, zoom, update } = useTimelineParams();
  const [saving, setSaving] = useState(false);
  const parts = useRef<GanttParts>({ corner: null, header: null, labels: null, body: null });
  const request: TimelineFilter = { ...filter, baselineId: baselineId || undefined };
  const timeline = useQuery({
    queryKey: ['timeline', timelineQuery(request)],
    queryFn: () => dataProvider.getTimeline(request),
    // Keep the chart on screen while a new filter loads: redrawing from blank reads as a flicker.
    placeholderData: keepPreviousData,
  });
  const baselines = useQuery({ queryKey: BASELINES_QUERY_KEY, queryFn: () => dataProvider.getTimelineBaselines() });

  // A ListContext over the URL, so react-admin's FilterForm drives this page like any list.
  const filterKey = JSON.stringify(filter);
  const listContext = useMemo(
    () =>
      ({
        resource: 'journeys',
        filterValues: JSON.parse(filterKey) as TimelineFilter,
        displayedFilters: {},
        setFilters: (values: Record<string, unknown>) =>
          update(Object.fromEntries(FILTER_KEYS.map((key) => [key, typeof values[key] === 'string' ? (values[key] as string) : null]))),
        showFilter: () => undefined,
        hideFilter: (key: string) => update({ [key]: null }),
      }) as unknown as ListControllerResult,
    // Rebuilt only when the filters change: FilterForm resets its inputs whenever the context does.
    [filterKey],
  );

  const data = timeline.data;
  const journeyCount = data?.products.reduce((n, p) => n + p.journeys.length, 0) ?? 0;
  const baseline = data?.baseline ?? null;
  const subtitle = [
    `As of ${formatCivilDate(data?.asOf)}`,
    `${journeyCount} journeys`,
    baseline ? `compared with baseline “${baseline.name}” (${formatCivilDate(baseline.asOf)})` : null,
    Object.keys(filter).length ? `filtered to ${describeFilter(filter, data)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const slipped = data?.products.flatMap((p) => p.journeys).filter((j) => (j.goLiveSlip ?? 0) > 0).length ?? 0;

  return (
    <Box sx={{ py: 2 }} data-testid="timeline-page">
      <Title title="Timeline" />
      <Card>
        <CardContent>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}>
            <Box>
              <Typography variant="h6" component="h1">
                Pairing timeline
              </Typography>
              <Typography variant="body2" color="text.secondary">
                Every journey's stages: what happened, what is forecast, and how that compares with a saved baseline. Click a bar to open the stage.
              </Typography>
            </Box>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexShrink: 0, alignItems: 'center', flexWrap: 'wrap' }}>
              <TextField
                select
                size="small"
                label="Compare with baseline"
                value={baselineId}
                onChange={(e) => update({ baselineId: e.target.value || null })}
                sx={{ width: 280 }}
                slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'timeline-baseline-select' } }}
                data-testid="timeline-baseline"
                disabled={baselines.isPending}
              >
                <MenuItem value="">
                  <em>No baseline: show planned dates</em>
                </MenuItem>
                {(baselines.data ?? []).map((b) => (
                  <MenuItem key={b.id} value={b.id} data-testid="timeline-baseline-option">
                    {b.name} · {formatCivilDate(b.asOf)}
                  </MenuItem>
                ))}
              </TextField>
              {can('timeline.baseline') ? (
                <Button startIcon={<BookmarkAddIcon />} onClick={() => setSaving(true)} data-testid="timeline-save-baseline" sx={{ whiteSpace: 'nowrap' }}>
                  Save baseline
                </Button>
              ) : null}
              <ToggleButtonGroup size="small" exclusive value={zoom} onChange={(_e, value: Zoom | null) => value && update({ zoom: value === 'quarter' ? null : value })} aria-label="Zoom">
                {ZOOMS.map((z) => (
                  <ToggleButton key={z.value} value={z.value} data-testid={`timeline-zoom-${z.value}`}>
                    {z.label}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
              <ExportMenu data={data} parts={parts} filter={request} subtitle={subtitle} />
            </Stack>
          </Stack>

          <Box sx={{ mt: 1 }} data-testid="timeline-filters">
            <ListContextProvider value={listContext}>
              <FilterForm filters={filterInputs} />
            </ListContextProvider>
          </Box>

          {baseline ? (
            <Alert severity={slipped ? 'warning' : 'success'} sx={{ mb: 1 }} data-testid="timeline-baseline-summary">
              Compared with “{baseline.name}”, frozen {formatCivilDate(baseline.asOf)}
              {baseline.createdByName ? ` by ${baseline.createdByName}` : ''}: {slipped} of {journeyCount} journeys forecast to go live later than the baseline.
              {baseline.note ? ` ${baseline.note}` : ''}
            </Alert>
          ) : null}

          <Box sx={{ position: 'relative' }}>
            {timeline.isFetching ? <LinearProgress sx={{ position: 'absolute', top: 0, left: 0, right: 0, zIndex: 5 }} /> : null}
            {timeline.isError ? (
              <Alert severity="error">{errorMessage(timeline.error)}</Alert>
            ) : !data ? (
              <Box sx={{ height: 320, display: 'grid', placeItems: 'center' }}>
                <CircularProgress aria-label="Loading the timeline" />
              </Box>
            ) : journeyCount === 0 ? (
              <Alert severity="info" data-testid="timeline-empty">
                No journeys match these filters.
              </Alert>
            ) : (
              <GanttChart data={data} zoom={zoom} partsRef={parts} />
            )}
          </Box>
          <Legend withBaseline={baseline !== null} />
        </CardContent>
      </Card>
      {saving ? (
        <SaveBaselineDialog
          onClose={() => setSaving(false)}
          onSaved={(saved) => {
            setSaving(false);
            update({ baselineId: saved.id });
          }}
        />
      ) : null}
    </Box>
  );
};
