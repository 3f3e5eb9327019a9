import { Box, Paper, Popper, Typography } from '@mui/material';
import type { TimelineDto } from '@pairline/contracts';
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useNavigate } from 'react-router-dom';
import { COLOURS, describeTip, formatSlip, JOURNEY_ROW_HEIGHT, journeyLabel, layoutTimeline, PRODUCT_ROW_HEIGHT, slipColour, type TimelineLayout } from './layout';
import { shortDate, timeScale, type TimeScale, type Zoom } from './scale';

/**
 * The Gantt chart: four plain SVGs in a CSS grid (corner, time header, row labels, bars) so the
 * header sticks on vertical scroll and the labels on horizontal scroll while the bars stay one SVG.
 * Every shape is a plain element computed once per data set and zoom (see layout.ts); hovering
 * and clicking are handled once, on the grid, through each shape's `data-tip`.
 */

export const LABEL_WIDTH = 320;
export const HEADER_HEIGHT = 44;
const FONT = 'Arial, Helvetica, sans-serif';
/** Average advance of a 12 px Arial character, to cut labels before the slip column. */
const CHAR_WIDTH = 6.3;

export interface GanttParts {
  corner: SVGSVGElement | null;
  header: SVGSVGElement | null;
  labels: SVGSVGElement | null;
  body: SVGSVGElement | null;
}

const truncate = (text: string, width: number) => {
  const max = Math.floor(width / CHAR_WIDTH);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
};

const colourOf = (colour: string | null, status: string) =>
  status === 'live' ? COLOURS.live : colour === 'late' ? COLOURS.late : colour === 'at_risk' ? COLOURS.atRisk : colour === 'on_track' ? COLOURS.onTrack : COLOURS.none;

/** SVG ids must be unique on the page (the dashboard and a dialog may both show a chart). */
const useSvgId = () => `tl${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

const Patterns = ({ id }: { id: string }) => (
  <defs>
    {(
      [
        ['forecast', '#D2E4F5', '#005EB8'],
        ['waiting', '#EBD9E2', '#7C2855'],
        ['blocked', '#F7D4D1', '#D5281B'],
      ] as const
    ).map(([name, background, stripe]) => (
      <pattern key={name} id={`${id}-${name}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={background} />
        <rect width="2.2" height="6" fill={stripe} fillOpacity="0.55" />
      </pattern>
    ))}
  </defs>
);

const Header = memo(function Header({ scale, today, svgRef }: { scale: TimeScale; today: number; svgRef: RefObject<SVGSVGElement | null> }) {
  const half = HEADER_HEIGHT / 2;
  return (
    <svg ref={svgRef} width={scale.width} height={HEADER_HEIGHT} fontFamily={FONT} style={{ display: 'block' }} aria-hidden>
      <rect width={scale.width} height={HEADER_HEIGHT} fill="#FFFFFF" />
      {scale.bands.map((band) => (
        <g key={band.from}>
          <line x1={scale.x(band.from)} x2={scale.x(band.from)} y1={0} y2={HEADER_HEIGHT} stroke={COLOURS.gridMajor} />
          <text x={scale.x(band.from) + 6} y={15} fontSize={12} fontWeight={700} fill={COLOURS.text}>
            {band.label}
          </text>
        </g>
      ))}
      <line x1={0} x2={scale.width} y1={half} y2={half} stroke={COLOURS.grid} />
      {scale.ticks.map((tick, i) =>
        tick.label ? (
          <g key={i}>
            <line x1={scale.x(tick.day)} x2={scale.x(tick.day)} y1={half} y2={HEADER_HEIGHT} stroke={COLOURS.grid} />
            <text x={scale.x(tick.day) + 3} y={half + 15} fontSize={11} fill={COLOURS.muted}>
              {tick.label}
            </text>
          </g>
        ) : null,
      )}
      <line x1={0} x2={scale.width} y1={HEADER_HEIGHT - 0.5} y2={HEADER_HEIGHT - 0.5} stroke={COLOURS.gridMajor} />
      <g data-testid="timeline-today-label">
        <rect x={today - 20} y={half + 3} width={40} height={16} rx={3} fill={COLOURS.today} />
        <text x={today} y={half + 15} fontSize={11} fontWeight={700} fill="#FFFFFF" textAnchor="middle">
          Today
        </text>
      </g>
    </svg>
  );
});

const Labels = memo(function Labels({ layout, withBaseline, svgRef }: { layout: TimelineLayout; withBaseline: boolean; svgRef: RefObject<SVGSVGElement | null> }) {
  return (
    <svg ref={svgRef} width={LABEL_WIDTH} height={layout.height} fontFamily={FONT} style={{ display: 'block', cursor: 'default' }}>
      <rect width={LABEL_WIDTH} height={layout.height} fill="#FFFFFF" />
      {layout.rows.map((row, i) => {
        if (row.kind === 'product') {
          return (
            <g key={i} data-testid="timeline-product">
              <rect y={row.y} width={LABEL_WIDTH} height={PRODUCT_ROW_HEIGHT} fill={COLOURS.productRow} />
              <text x={10} y={row.y + 18} fontSize={13} fontWeight={700} fill={COLOURS.text}>
                {truncate(row.name, LABEL_WIDTH - 90)}
              </text>
              <text x={LABEL_WIDTH - 10} y={row.y + 18} fontSize={11} fill={COLOURS.muted} textAnchor="end">
                {row.count} {row.count === 1 ? 'journey' : 'journeys'}
              </text>
            </g>
          );
        }
        const j = row.journey;
        const r = layout.journeyRows.indexOf(row);
        const right = withBaseline ? (j.notInBaseline ? 'new' : formatSlip(j.goLiveSlip)) : shortDate(j.forecastGoLive);
        return (
          <g
            key={i}
            data-tip={`t:${r}`}
            data-testid="timeline-row"
            data-journey-id={j.journeyId}
            style={{ cursor: 'pointer', outlineOffset: -2 }}
            // Rows are the chart's keyboard stops (Enter opens the journey); 2,000 bars would be too many.
            tabIndex={0}
            role="link"
            aria-label={`${row.productName}, ${journeyLabel(j)}: ${withBaseline ? `go-live slip ${right || 'unknown'}` : `forecast go-live ${right}`}`}
          >
            <rect y={row.y} width={LABEL_WIDTH} height={JOURNEY_ROW_HEIGHT} fill="#FFFFFF" />
            <circle cx={16} cy={row.y + JOURNEY_ROW_HEIGHT / 2} r={5} fill={colourOf(j.statusColour, j.status)} />
            <text x={28} y={row.y + 19} fontSize={12} fill={COLOURS.text}>
              {truncate(journeyLabel(j), LABEL_WIDTH - 28 - 78)}
            </text>
            <text
              x={LABEL_WIDTH - 10}
              y={row.y + 19}
              fontSize={12}
              fontWeight={withBaseline ? 700 : 400}
              fill={withBaseline ? slipColour(j.goLiveSlip) : COLOURS.muted}
              textAnchor="end"
              data-testid={withBaseline ? 'timeline-row-slip' : 'timeline-row-forecast'}
            >
              {right}
            </text>
          </g>
        );
      })}
      <path d={layout.rowLines(LABEL_WIDTH)} stroke={COLOURS.grid} fill="none" />
      <line x1={LABEL_WIDTH - 0.5} x2={LABEL_WIDTH - 0.5} y1={0} y2={layout.height} stroke={COLOURS.gridMajor} />
    </svg>
  );
});

const diamond = (x: number, y: number, r: number) => `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`;

const Bars = memo(function Bars({ scale, layout, withBaseline, svgRef, id }: { scale: TimeScale; layout: TimelineLayout; withBaseline: boolean; svgRef: RefObject<SVGSVGElement | null>; id: string }) {
  const { height } = layout;
  return (
    <svg ref={svgRef} width={scale.width} height={height} fontFamily={FONT} style={{ display: 'block' }} data-testid="timeline-bars">
      <Patterns id={id} />
      <rect width={scale.width} height={height} fill="#FFFFFF" />
      {layout.rows.map((row, i) => (row.kind === 'product' ? <rect key={i} y={row.y} width={scale.width} height={PRODUCT_ROW_HEIGHT} fill={COLOURS.productRow} /> : null))}
      <path d={layout.rowLines(scale.width)} stroke={COLOURS.grid} fill="none" />
      {scale.ticks.map((tick, i) => (
        <line key={i} x1={scale.x(tick.day)} x2={scale.x(tick.day)} y1={0} y2={height} stroke={tick.major ? COLOURS.gridMajor : COLOURS.grid} strokeWidth={tick.major ? 1 : 0.75} />
      ))}
      <g data-testid="timeline-freezes">
        {layout.freezes.map((f, i) => (
          <rect key={i} className="tl-freeze" x={f.x} y={f.y} width={f.w} height={f.h} fill={COLOURS.freeze} fillOpacity={0.18} data-tip={f.tip} />
        ))}
      </g>
      <path className="tl-plan" d={layout.planPath} fill="#FFFFFF" stroke={withBaseline ? COLOURS.baseline : COLOURS.plan} strokeWidth={1} />
      <g>
        {layout.actuals.map((a, i) => (
          <rect key={i} className="tl-actual" x={a.x} y={a.y} width={a.w} height={a.h} rx={2} fill={a.fill} data-tip={a.tip} style={{ cursor: 'pointer' }} />
        ))}
      </g>
      <g>
        {layout.forecasts.map((f, i) => (
          <rect
            key={i}
            className="tl-forecast"
            x={f.x}
            y={f.y}
            width={f.w}
            height={f.h}
            rx={2}
            fill={`url(#${id}-${f.fill})`}
            stroke={f.fill === 'blocked' ? '#D5281B' : f.fill === 'waiting' ? '#7C2855' : '#005EB8'}
            strokeOpacity={0.6}
            strokeWidth={0.75}
            data-tip={f.tip}
            style={{ cursor: 'pointer' }}
          />
        ))}
      </g>
      <g>
        {layout.baselineMilestones.map((m, i) => (
          <path key={i} d={diamond(m.x, m.y, 4.5)} fill="#FFFFFF" stroke={COLOURS.baseline} strokeWidth={1.25} data-tip={m.tip} />
        ))}
      </g>
      <g>
        {layout.targets.map((t, i) => (
          <path key={i} className="tl-target" d={`M${t.x} ${t.y + 4}V${t.y + JOURNEY_ROW_HEIGHT - 3}M${t.x} ${t.y + 4}h6l-2 3l2 3h-6`} fill={COLOURS.text} stroke={COLOURS.text} strokeWidth={1} data-tip={t.tip} />
        ))}
      </g>
      <g>
        {layout.milestones.map((m, i) => (
          <path
            key={i}
            className={`tl-milestone tl-${m.kind}`}
            d={diamond(m.x, m.y, 7)}
            fill={m.reached ? (m.kind === 'live' ? COLOURS.live : '#003087') : '#FFFFFF'}
            stroke={m.kind === 'live' ? COLOURS.live : '#003087'}
            strokeWidth={2}
            data-tip={m.tip}
            style={{ cursor: 'pointer' }}
          />
        ))}
      </g>
      <g>
        {layout.blockers.map((b, i) => (
          <path key={i} className="tl-blocker" d={`M${b.x - 5} ${b.y}h10l-5 7Z`} fill={COLOURS.blocker} stroke="#FFFFFF" strokeWidth={0.75} data-tip={b.tip} style={{ cursor: 'pointer' }} />
        ))}
      </g>
      <line data-testid="timeline-today" x1={layout.today} x2={layout.today} y1={0} y2={height} stroke={COLOURS.today} strokeWidth={1.5} />
    </svg>
  );
});

const Corner = ({ svgRef, withBaseline, baselineName }: { svgRef: RefObject<SVGSVGElement | null>; withBaseline: boolean; baselineName?: string }) => (
  <svg ref={svgRef} width={LABEL_WIDTH} height={HEADER_HEIGHT} fontFamily={FONT} style={{ display: 'block' }} aria-hidden>
    <rect width={LABEL_WIDTH} height={HEADER_HEIGHT} fill="#FFFFFF" />
    <text x={10} y={27} fontSize={12} fontWeight={700} fill={COLOURS.text}>
      Product · journey
    </text>
    <text x={LABEL_WIDTH - 10} y={27} fontSize={11} fontWeight={700} fill={COLOURS.muted} textAnchor="end">
      {withBaseline ? 'Go-live slip' : 'Forecast live'}
    </text>
    {withBaseline && baselineName ? (
      <text x={LABEL_WIDTH - 10} y={40} fontSize={10} fill={COLOURS.baseline} textAnchor="end">
        {truncate(`vs ${baselineName}`, 150)}
      </text>
    ) : null}
    <line x1={0} x2={LABEL_WIDTH} y1={HEADER_HEIGHT - 0.5} y2={HEADER_HEIGHT - 0.5} stroke={COLOURS.gridMajor} />
    <line x1={LABEL_WIDTH - 0.5} x2={LABEL_WIDTH - 0.5} y1={0} y2={HEADER_HEIGHT} stroke={COLOURS.gridMajor} />
  </svg>
);

interface GanttChartProps {
  data: TimelineDto;
  zoom: Zoom;
  /** The SVG parts, for the PNG export. */
  partsRef?: RefObject<GanttParts>;
  maxHeight?: number | string;
}

export const GanttChart = ({ data, zoom, partsRef, maxHeight = 'calc(100vh - 260px)' }: GanttChartProps) => {
  const id = useSvgId();
  const navigate = useNavigate();
  const scale = useMemo(() => {
    const from = data.range?.from ?? data.asOf;
    const to = data.range?.to ?? data.asOf;
    return timeScale(zoom, from, to, data.asOf);
  }, [data, zoom]);
  const layout = useMemo(() => layoutTimeline(data, scale), [data, scale]);
  const [hover, setHover] = useState<{ el: Element; tip: string } | null>(null);
  const tip = useMemo(() => (hover ? describeTip(data, layout, hover.tip) : null), [hover, data, layout]);
  // A redraw replaces the hovered element: drop the tooltip rather than anchor it to a detached node.
  useEffect(() => setHover(null), [layout]);

  const scroller = useRef<HTMLDivElement>(null);
  const corner = useRef<SVGSVGElement>(null);
  const header = useRef<SVGSVGElement>(null);
  const labels = useRef<SVGSVGElement>(null);
  const body = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (partsRef) partsRef.current = { corner: corner.current, header: header.current, labels: labels.current, body: body.current };
  });

  // Open on the present: today a quarter of the way in, past stages to its left.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollLeft = Math.max(0, layout.today - (el.clientWidth - LABEL_WIDTH) / 4);
  }, [layout.today]);

  const findTip = (event: { target: EventTarget }) => (event.target as Element).closest?.('[data-tip]');
  const onMouseOver = (event: { target: EventTarget }) => {
    const el = findTip(event);
    const key = el?.getAttribute('data-tip');
    if (!el || !key) return setHover(null);
    if (hover?.el !== el) setHover({ el, tip: key });
  };
  const onClick = (event: { target: EventTarget }) => {
    const el = findTip(event);
    const key = el?.getAttribute('data-tip');
    if (!key) return;
    const target = describeTip(data, layout, key);
    if (!target?.journeyId) return;
    const query = target.stageKey ? `?stage=${encodeURIComponent(target.stageKey)}` : '';
    navigate(`/journeys/${encodeURIComponent(target.journeyId)}/show${query}`);
  };

  const withBaseline = data.baseline !== null;
  return (
    <Box
      ref={scroller}
      data-testid="timeline-chart"
      data-zoom={zoom}
      data-journeys={layout.journeyRows.length}
      // Zero width stretched to 100%: the chart's own width must not widen the page; it scrolls instead.
      sx={{ overflow: 'auto', width: 0, minWidth: '100%', maxHeight, border: 1, borderColor: 'divider', borderRadius: 1, position: 'relative', bgcolor: '#FFFFFF', '& [role="link"]:focus': { outline: 'none' }, '& [role="link"]:focus-visible > rect': { stroke: '#005EB8', strokeWidth: 2 } }}
      onMouseOver={onMouseOver}
      onMouseLeave={() => setHover(null)}
      onClick={onClick}
      onFocus={onMouseOver}
      onBlur={() => setHover(null)}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Enter') onClick(event);
      }}
    >
      <Box sx={{ display: 'grid', gridTemplateColumns: `${LABEL_WIDTH}px ${scale.width}px`, width: LABEL_WIDTH + scale.width }}>
        <Box sx={{ position: 'sticky', top: 0, left: 0, zIndex: 3 }}>
          <Corner svgRef={corner} withBaseline={withBaseline} baselineName={data.baseline?.name} />
        </Box>
        <Box sx={{ position: 'sticky', top: 0, zIndex: 2 }}>
          <Header scale={scale} today={layout.today} svgRef={header} />
        </Box>
        <Box sx={{ position: 'sticky', left: 0, zIndex: 1 }}>
          <Labels layout={layout} withBaseline={withBaseline} svgRef={labels} />
        </Box>
        <Box>
          <Bars scale={scale} layout={layout} withBaseline={withBaseline} svgRef={body} id={id} />
        </Box>
      </Box>
      <Popper open={tip !== null && hover !== null} anchorEl={hover?.el} placement="top" sx={{ zIndex: 1500, pointerEvents: 'none' }}>
        {tip ? (
          <Paper elevation={4} sx={{ px: 1.5, py: 1, maxWidth: 360 }} data-testid="timeline-tooltip">
            <Typography variant="subtitle2">{tip.title}</Typography>
            {tip.lines.map((line, i) => (
              <Typography key={i} variant="caption" component="div" color={line.startsWith('Slip: +') ? 'error' : 'text.secondary'}>
                {line}
              </Typography>
            ))}
          </Paper>
        ) : (
          <span />
        )}
      </Popper>
    </Box>
  );
};
