import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { SCAL_REQUIREMENT_STATUSES, type ScalProgress, type StatusCounts } from '@pairline/domain';
import { SCAL_STATUS_COLOURS, SCAL_STATUS_LABELS } from './labels';

/** One bar split by status, in review order, each part as wide as its share of the requirements. */
export const ScalProgressBar = ({ byStatus, total, height = 12, testId }: { byStatus: StatusCounts; total: number; height?: number; testId?: string }) => (
  <Box
    sx={{ display: 'flex', height, borderRadius: 1, overflow: 'hidden', bgcolor: SCAL_STATUS_COLOURS.not_started, minWidth: 120 }}
    role="img"
    aria-label={SCAL_REQUIREMENT_STATUSES.filter((s) => byStatus[s]).map((s) => `${SCAL_STATUS_LABELS[s]}: ${byStatus[s]}`).join(', ') || 'No requirements'}
    data-testid={testId}
  >
    {total > 0
      ? SCAL_REQUIREMENT_STATUSES.filter((s) => s !== 'not_started' && byStatus[s] > 0).map((s) => (
          <Tooltip key={s} title={`${SCAL_STATUS_LABELS[s]}: ${byStatus[s]} of ${total}`}>
            <Box sx={{ width: `${(byStatus[s] / total) * 100}%`, bgcolor: SCAL_STATUS_COLOURS[s] }} />
          </Tooltip>
        ))
      : null}
  </Box>
);

export const ScalStatusLegend = ({ byStatus }: { byStatus: StatusCounts }) => (
  <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }} data-testid="scal-status-counts">
    {SCAL_REQUIREMENT_STATUSES.map((s) => (
      <Stack key={s} direction="row" spacing={0.75} sx={{ alignItems: 'center' }} data-testid={`scal-count-${s}`} data-count={byStatus[s]}>
        <Box sx={{ width: 10, height: 10, borderRadius: '2px', bgcolor: SCAL_STATUS_COLOURS[s] }} />
        <Typography variant="body2">
          {SCAL_STATUS_LABELS[s]} <strong>{byStatus[s]}</strong>
        </Typography>
      </Stack>
    ))}
  </Stack>
);

const done = (c: StatusCounts) => c.accepted;

/** Overall progress, then one row per section; a section name filters the requirement table. */
export const ScalProgressSummary = ({ progress, onSection }: { progress: ScalProgress; onSection?: (key: string) => void }) => (
  <Stack spacing={1.5} data-testid="scal-progress">
    <Box>
      <Stack direction="row" sx={{ justifyContent: 'space-between', mb: 0.5 }}>
        <Typography variant="subtitle2">Overall</Typography>
        <Typography variant="body2" color="text.secondary" data-testid="scal-overall-summary">
          {progress.overall.total - progress.overall.byStatus.not_started} of {progress.overall.total} started · {done(progress.overall.byStatus)} accepted
        </Typography>
      </Stack>
      <ScalProgressBar byStatus={progress.overall.byStatus} total={progress.overall.total} height={16} testId="scal-overall-bar" />
      <Box sx={{ mt: 1 }}>
        <ScalStatusLegend byStatus={progress.overall.byStatus} />
      </Box>
    </Box>
    <Table size="small" aria-label="Progress by section" data-testid="scal-section-progress">
      <TableHead>
        <TableRow>
          <TableCell>Section</TableCell>
          <TableCell align="right">Requirements</TableCell>
          <TableCell align="right">Not started</TableCell>
          <TableCell align="right">Ready / submitted</TableCell>
          <TableCell align="right">Accepted</TableCell>
          <TableCell align="right">Rejected</TableCell>
          <TableCell sx={{ width: '35%' }}>Progress</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {progress.sections.map((section) => (
          <TableRow key={section.key} hover data-testid={`scal-section-${section.key}`}>
            <TableCell>
              {onSection ? (
                <Typography component="button" type="button" variant="body2" onClick={() => onSection(section.key)} sx={{ all: 'unset', cursor: 'pointer', color: 'primary.main', '&:hover': { textDecoration: 'underline' } }}>
                  {section.name}
                </Typography>
              ) : (
                section.name
              )}
            </TableCell>
            <TableCell align="right">{section.total}</TableCell>
            <TableCell align="right">{section.byStatus.not_started}</TableCell>
            <TableCell align="right">{section.byStatus.ready_for_review + section.byStatus.submitted}</TableCell>
            <TableCell align="right">{section.byStatus.accepted}</TableCell>
            <TableCell align="right" sx={{ color: section.byStatus.rejected ? 'error.main' : undefined }}>
              {section.byStatus.rejected}
            </TableCell>
            <TableCell>
              <ScalProgressBar byStatus={section.byStatus} total={section.total} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Stack>
);
