import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import SkipNextIcon from '@mui/icons-material/SkipNext';
import WarningIcon from '@mui/icons-material/Warning';
import { Chip, type ChipProps } from '@mui/material';
import type { JourneyDto } from '@pairline/contracts';
import type { JourneyStatus, StageStatus, StatusColour } from '@pairline/domain';
import type { ReactElement } from 'react';
import { useRecordContext } from 'react-admin';
import { JOURNEY_STATUS_LABELS, STAGE_STATUS_LABELS, STATUS_COLOUR_LABELS } from './labels';

/**
 * Status colours are never shown by colour alone: every chip carries the word and an icon, so the
 * status reads the same in greyscale and to a screen reader.
 */
export const STATUS_COLOUR_CHIP: Record<StatusColour, { color: ChipProps['color']; icon: ReactElement }> = {
  on_track: { color: 'success', icon: <CheckCircleIcon /> },
  at_risk: { color: 'warning', icon: <WarningIcon /> },
  late: { color: 'error', icon: <ErrorIcon /> },
};

export const statusColourLabel = (colour: StatusColour | null) => (colour ? STATUS_COLOUR_LABELS[colour] : 'No target');

export const StatusColourChip = ({ colour, size = 'small' }: { colour: StatusColour | null; size?: ChipProps['size'] }) => {
  const style = colour ? STATUS_COLOUR_CHIP[colour] : { color: 'default' as const, icon: <HelpOutlineIcon /> };
  return (
    <Chip
      size={size}
      color={style.color}
      icon={style.icon}
      label={statusColourLabel(colour)}
      data-testid="status-colour-chip"
      data-colour={colour ?? 'none'}
    />
  );
};

const JOURNEY_STATUS_COLOUR: Record<JourneyStatus, ChipProps['color']> = {
  not_started: 'default',
  in_progress: 'primary',
  blocked: 'error',
  live: 'success',
  withdrawn: 'default',
};

export const JourneyStatusChip = ({ status }: { status: JourneyStatus }) => (
  <Chip
    size="small"
    variant="outlined"
    color={JOURNEY_STATUS_COLOUR[status]}
    label={JOURNEY_STATUS_LABELS[status] ?? status}
    data-testid="journey-status-chip"
    data-status={status}
  />
);

const STAGE_STATUS_STYLE: Record<StageStatus, { color: ChipProps['color']; icon: ReactElement }> = {
  not_started: { color: 'default', icon: <RadioButtonUncheckedIcon /> },
  in_progress: { color: 'primary', icon: <PlayCircleIcon /> },
  waiting_nhs_england: { color: 'info', icon: <HourglassTopIcon /> },
  waiting_provider: { color: 'info', icon: <HourglassTopIcon /> },
  blocked: { color: 'error', icon: <BlockIcon /> },
  done: { color: 'success', icon: <CheckCircleIcon /> },
  skipped: { color: 'default', icon: <SkipNextIcon /> },
};

export const stageStatusIcon = (status: StageStatus) => STAGE_STATUS_STYLE[status];

export const StageStatusChip = ({ status }: { status: StageStatus }) => (
  <Chip
    size="small"
    variant="outlined"
    color={STAGE_STATUS_STYLE[status].color}
    icon={STAGE_STATUS_STYLE[status].icon}
    label={STAGE_STATUS_LABELS[status] ?? status}
    data-testid="stage-status-chip"
    data-status={status}
  />
);

/** Datagrid columns over a JourneyDto record. */
export const JourneyStatusField = (_props: { label?: string; sortBy?: string; sortable?: boolean }) => {
  const record = useRecordContext<JourneyDto>();
  return record ? <JourneyStatusChip status={record.status} /> : null;
};

export const StatusColourField = (_props: { label?: string; sortable?: boolean }) => {
  const record = useRecordContext<JourneyDto>();
  if (!record) return null;
  // Live and withdrawn journeys have nothing left to forecast: their status says it all.
  if (record.status === 'live' || record.status === 'withdrawn') return null;
  return <StatusColourChip colour={record.statusColour} />;
};
