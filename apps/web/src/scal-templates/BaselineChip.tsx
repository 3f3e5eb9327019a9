import { Chip, Tooltip } from '@mui/material';
import { BASELINE_NOTE } from '../scals/labels';

/** Marks the built-in template wherever it is offered, so nobody mistakes it for NHS England's SCAL. */
export const BaselineChip = ({ baseline }: { baseline: boolean }) =>
  baseline ? (
    <Tooltip title="Written from public guidance to get started. Import NHS England's workbook for the real SCAL.">
      <Chip size="small" color="warning" label={BASELINE_NOTE} data-testid="baseline-chip" />
    </Tooltip>
  ) : (
    <Chip size="small" variant="outlined" label="Imported" />
  );
