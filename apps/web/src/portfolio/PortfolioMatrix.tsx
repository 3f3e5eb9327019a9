import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineOutlinedIcon from '@mui/icons-material/HelpOutlineOutlined';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import WarningIcon from '@mui/icons-material/Warning';
import {
  Alert,
  Box,
  Chip,
  CircularProgress,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  type ChipProps,
} from '@mui/material';
import type { PortfolioCell, PortfolioColumn, PortfolioDto } from '@pairline/contracts';
import type { StatusColour } from '@pairline/domain';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Link, useDataProvider } from 'react-admin';
import { errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { formatCivilDate } from '../common/format';
import { JOURNEY_STATUS_LABELS } from '../journeys/labels';
import { statusColourLabel } from '../journeys/StatusChips';
import { PORTFOLIO_QUERY_KEY } from '../journeys/useJourneyMutation';

export function usePortfolio() {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  return useQuery({ queryKey: PORTFOLIO_QUERY_KEY, queryFn: () => dataProvider.getPortfolio() });
}

/** Colour, icon and words together: the status never depends on colour alone. */
const LOOK: Record<StatusColour | 'none' | 'live' | 'withdrawn', { color: ChipProps['color']; icon: ReactElement; variant: ChipProps['variant'] }> = {
  on_track: { color: 'success', icon: <CheckCircleIcon />, variant: 'filled' },
  at_risk: { color: 'warning', icon: <WarningIcon />, variant: 'filled' },
  late: { color: 'error', icon: <ErrorIcon />, variant: 'filled' },
  none: { color: 'default', icon: <HelpOutlineOutlinedIcon />, variant: 'filled' },
  live: { color: 'success', icon: <RocketLaunchIcon />, variant: 'outlined' },
  withdrawn: { color: 'default', icon: <BlockIcon />, variant: 'outlined' },
};

const lookOf = (cell: Pick<PortfolioCell, 'status' | 'statusColour'>) =>
  cell.status === 'live' ? 'live' : cell.status === 'withdrawn' ? 'withdrawn' : (cell.statusColour ?? 'none');

/** What the chip says: the stage it is at, or "Live" / "Withdrawn"; blocked journeys say so. */
function stageText(cell: PortfolioCell): string {
  if (cell.status === 'live') return 'Live';
  if (cell.status === 'withdrawn') return 'Withdrawn';
  return cell.status === 'blocked' ? `${cell.stageName} (blocked)` : cell.stageName;
}

/** "12 of 21 accepted, 3 submitted, 1 rejected": the counts a compliance lead asks about first. */
function scalSummary(scal: NonNullable<PortfolioCell['scal']>): string {
  const { accepted, submitted, rejected } = scal.byStatus;
  return [`${accepted} of ${scal.total} accepted`, submitted ? `${submitted} submitted` : '', rejected ? `${rejected} rejected` : ''].filter(Boolean).join(', ');
}

function describe(cell: PortfolioCell, column: PortfolioColumn): string {
  const parts = [`${cell.mechanismName}${column.kind === 'provider' ? ` with ${column.label}` : ''}`, `stage: ${cell.stageName}`, JOURNEY_STATUS_LABELS[cell.status]];
  if (cell.status !== 'live' && cell.status !== 'withdrawn') parts.push(statusColourLabel(cell.statusColour));
  if (cell.targetGoLive) parts.push(`target go-live ${formatCivilDate(cell.targetGoLive)}`);
  if (cell.forecastGoLive) parts.push(`${cell.status === 'live' ? 'live since' : 'forecast go-live'} ${formatCivilDate(cell.forecastGoLive)}`);
  if (cell.scal) parts.push(`SCAL: ${scalSummary(cell.scal)}`);
  return parts.join(', ');
}

const CellChip = ({ cell, column }: { cell: PortfolioCell; column: PortfolioColumn }) => {
  const look = LOOK[lookOf(cell)];
  const label = column.kind === 'provider' ? `${cell.mechanismName} · ${stageText(cell)}` : stageText(cell);
  const description = describe(cell, column);
  const chip = (
    <Tooltip title={description}>
      <Chip
        component={Link}
        to={`/journeys/${encodeURIComponent(cell.journeyId)}/show`}
        clickable
        size="small"
        color={look.color}
        variant={look.variant}
        icon={look.icon}
        label={label}
        aria-label={description}
        data-testid={`portfolio-chip-${cell.journeyId}`}
        data-colour={cell.statusColour ?? 'none'}
        data-status={cell.status}
        sx={{ maxWidth: '100%', justifyContent: 'flex-start', height: 'auto', minHeight: 24, '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
      />
    </Tooltip>
  );
  if (!cell.scal || cell.status === 'live') return chip;
  // SCAL progress under the chip: accepted by NHS England (solid) and submitted (buffer) of every row.
  const pct = (n: number) => (cell.scal!.total ? (100 * n) / cell.scal!.total : 0);
  return (
    <Stack spacing={0.25} sx={{ maxWidth: '100%' }}>
      {chip}
      <LinearProgress
        variant="buffer"
        value={pct(cell.scal.byStatus.accepted)}
        valueBuffer={pct(cell.scal.byStatus.accepted + cell.scal.byStatus.submitted)}
        aria-label={`SCAL: ${scalSummary(cell.scal)}`}
        data-testid={`portfolio-scal-${cell.journeyId}`}
        sx={{ height: 3, borderRadius: 1, '& .MuiLinearProgress-dashed': { display: 'none' } }}
      />
    </Stack>
  );
};

export const PortfolioLegend = () => (
  <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }} aria-label="Legend" data-testid="portfolio-legend">
    <Typography variant="caption" color="text.secondary">
      Forecast go-live against target:
    </Typography>
    {(
      [
        ['on_track', 'On track'],
        ['at_risk', 'At risk'],
        ['late', 'Late'],
        ['none', 'No target'],
        ['live', 'Live'],
      ] as const
    ).map(([key, text]) => (
      <Chip key={key} size="small" color={LOOK[key].color} variant={LOOK[key].variant} icon={LOOK[key].icon} label={text} />
    ))}
  </Stack>
);

const ColumnHeader = ({ column }: { column: PortfolioColumn }) => (
  <TableCell scope="col" sx={{ minWidth: 170, fontWeight: 600, verticalAlign: 'bottom' }} data-testid={`portfolio-column-${column.id}`}>
    {column.label}
    {column.unconfirmed ? (
      <Tooltip title="This provider supplier's current IM1 status is unconfirmed.">
        <Chip size="small" color="warning" label="unconfirmed" sx={{ ml: 0.5 }} />
      </Tooltip>
    ) : null}
  </TableCell>
);

/**
 * One row per product; one column per provider supplier (IM1 pairings) and per GP Connect
 * capability (with NHS England). Each cell lists its journeys, linking to each journey's page.
 */
export const PortfolioTable = ({ portfolio }: { portfolio: PortfolioDto }) => {
  const providers = portfolio.columns.filter((c) => c.kind === 'provider');
  const capabilities = portfolio.columns.filter((c) => c.kind === 'gp_connect');
  const columns = [...providers, ...capabilities];
  return (
    // Inline-size containment: a wide matrix scrolls inside its box instead of widening the page.
    <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1, contain: 'inline-size' }}>
      <Table size="small" aria-label="Portfolio: products by provider supplier and GP Connect capability" data-testid="portfolio-matrix">
        <TableHead>
          <TableRow>
            <TableCell rowSpan={2} scope="col" sx={{ minWidth: 180, fontWeight: 700, position: 'sticky', left: 0, zIndex: 3, verticalAlign: 'bottom', bgcolor: 'background.paper' }}>
              Product
            </TableCell>
            {providers.length ? (
              <TableCell colSpan={providers.length} scope="colgroup" align="center" sx={{ fontWeight: 700, borderLeft: 1, borderColor: 'divider' }}>
                IM1 pairing, per provider supplier
              </TableCell>
            ) : null}
            {capabilities.length ? (
              <TableCell colSpan={capabilities.length} scope="colgroup" align="center" sx={{ fontWeight: 700, borderLeft: 1, borderColor: 'divider' }}>
                GP Connect, with NHS England
              </TableCell>
            ) : null}
          </TableRow>
          <TableRow>
            {columns.map((column) => (
              <ColumnHeader key={column.id} column={column} />
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {portfolio.rows.map((row) => (
            <TableRow key={row.productId} data-testid={`portfolio-row-${row.productId}`} hover>
              <TableCell component="th" scope="row" sx={{ position: 'sticky', left: 0, zIndex: 1, bgcolor: 'background.paper', fontWeight: 600 }}>
                <Link to={`/products/${encodeURIComponent(row.productId)}/show`}>{row.productName}</Link>
              </TableCell>
              {columns.map((column) => {
                const cells = row.cells[column.id] ?? [];
                return (
                  <TableCell key={column.id} data-testid={`portfolio-cell-${row.productId}-${column.id}`} sx={{ verticalAlign: 'top' }}>
                    {cells.length === 0 ? (
                      <Typography variant="body2" color="text.disabled" aria-label="No journey">
                        —
                      </Typography>
                    ) : (
                      <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
                        {cells.map((cell) => (
                          <CellChip key={cell.journeyId} cell={cell} column={column} />
                        ))}
                      </Stack>
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/** The portfolio with its loading, error and empty states. */
export const PortfolioMatrix = () => {
  const portfolio = usePortfolio();
  const can = useCan();
  if (portfolio.isPending) return <CircularProgress size={24} aria-label="Loading the portfolio" />;
  if (portfolio.isError) return <Alert severity="error">{errorMessage(portfolio.error, 'Could not load the portfolio.')}</Alert>;
  const data = portfolio.data;
  return (
    <Stack spacing={1.5} data-testid="portfolio">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { md: 'center' } }}>
        <PortfolioLegend />
        <Typography variant="caption" color="text.secondary" data-testid="portfolio-as-of">
          As of {formatCivilDate(data.asOf)}
        </Typography>
      </Stack>
      {data.rows.length === 0 ? (
        <Box>
          <Typography color="text.secondary">No products yet.</Typography>
          {can('journeys.write') ? (
            <Typography variant="body2">
              <Link to="/products/create">Create a product</Link>, then add a journey for each pairing or GP Connect capability.
            </Typography>
          ) : null}
        </Box>
      ) : (
        <PortfolioTable portfolio={data} />
      )}
    </Stack>
  );
};
