import { Alert, Box, Card, CardContent, Chip, CircularProgress, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, TextField, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Show, useDataProvider, useRecordContext } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { formatDateTime } from '../common/format';
import type { ScalTemplateDetailDto } from '../scals/scalsApi';
import { BaselineChip } from './BaselineChip';

const Title = () => {
  const record = useRecordContext<ScalTemplateDetailDto>();
  return <span>{record ? `SCAL template: ${record.name} v${record.version}` : 'SCAL template'}</span>;
};

/** The template's requirements, a page at a time from the server (a real SCAL has hundreds of rows). */
const TemplateRequirements = ({ template }: { template: ScalTemplateDetailDto }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const [section, setSection] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const query = useQuery({
    queryKey: ['scal-templates', 'requirements', template.id, { section, q, page, perPage }],
    queryFn: () => dataProvider.getScalTemplateRequirements(template.id, { page: page + 1, perPage, filter: { section, q: q.trim() } }),
    placeholderData: keepPreviousData,
  });
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ mb: 1 }}>
        <TextField
          select
          size="small"
          label="Section"
          value={section}
          onChange={(e) => {
            setSection(e.target.value);
            setPage(0);
          }}
          sx={{ minWidth: 260 }}
        >
          <MenuItem value="">All sections</MenuItem>
          {template.sections.map((s) => (
            <MenuItem key={s.key} value={s.key}>
              {s.name} ({s.requirementCount})
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label="Search identifier or description"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(0);
          }}
          sx={{ minWidth: 320 }}
        />
      </Stack>
      {query.isFetching ? <LinearProgress sx={{ height: 2 }} /> : <Box sx={{ height: 2 }} />}
      {query.error ? <Alert severity="error">{errorMessage(query.error)}</Alert> : null}
      <Table size="small" aria-label="Template requirements" data-testid="template-requirements">
        <TableHead>
          <TableRow>
            <TableCell>Identifier</TableCell>
            <TableCell>Section</TableCell>
            <TableCell>Level</TableCell>
            <TableCell sx={{ width: '40%' }}>Description</TableCell>
            <TableCell sx={{ width: '22%' }}>Evidence required</TableCell>
            <TableCell>Environment</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(query.data?.data ?? []).map((r) => (
            <TableRow key={r.id} hover data-testid="template-requirement-row">
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{r.identifier}</TableCell>
              <TableCell sx={{ minWidth: 140 }}>
                {r.sectionName}
                {r.heading ? (
                  <Typography variant="caption" color="text.secondary" component="div" data-testid="template-requirement-heading">
                    {r.heading}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>
                <Chip size="small" variant={r.level === 'MUST' ? 'filled' : 'outlined'} label={r.level} />
              </TableCell>
              <TableCell>{r.description}</TableCell>
              <TableCell>
                <Typography variant="body2" color="text.secondary">
                  {r.evidenceRequired ?? '—'}
                </Typography>
              </TableCell>
              <TableCell>{r.environment ?? '—'}</TableCell>
            </TableRow>
          ))}
          {query.data && query.data.data.length === 0 ? (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography color="text.secondary">No requirement matches these filters.</Typography>
              </TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={query.data?.total ?? 0}
        page={page}
        onPageChange={(_e, next) => setPage(next)}
        rowsPerPage={perPage}
        rowsPerPageOptions={[25, 50, 100]}
        onRowsPerPageChange={(e) => {
          setPerPage(Number(e.target.value));
          setPage(0);
        }}
      />
    </Box>
  );
};

const TemplatePage = () => {
  const template = useRecordContext<ScalTemplateDetailDto>();
  // A list row (no sections) can seed the record cache: wait for the detail.
  if (!template || !Array.isArray(template.sections)) return <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading the template" />;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }} data-testid="scal-template-page">
      <Card>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <Typography variant="h5" component="h1" data-testid="scal-template-title">
              {template.name}
            </Typography>
            <Chip size="small" label={`${template.key} v${template.version}`} sx={{ fontFamily: 'monospace' }} />
            <BaselineChip baseline={template.baseline} />
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {template.requirementCount} requirements in {template.sections.length} sections · added {formatDateTime(template.createdAt)}
            {template.sourceNote ? ` · ${template.sourceNote}` : ''}
          </Typography>
          {template.baseline ? (
            <Alert severity="warning" sx={{ mt: 2 }}>
              This is a starting point written from public guidance, not NHS England&apos;s SCAL. When NHS England sends its workbook, import it and
              attach that version to the journey.
            </Alert>
          ) : null}
          {template.sheets.length ? (
            <Box sx={{ mt: 2 }}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
                {template.sourceFileId ? 'Imported from a workbook kept as it came: exports write the answers back into it. ' : ''}Its tabs:
              </Typography>
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} data-testid="scal-template-sheets">
                {template.sheets.map((s) => (
                  <Chip key={s.name} size="small" variant="outlined" label={`${s.name} · header row ${s.headerRow}${s.state === 'visible' ? '' : ' · hidden'}`} />
                ))}
              </Stack>
            </Box>
          ) : null}
          <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }} data-testid="scal-template-sections">
            {template.sections.map((s) => (
              <Chip key={s.key} variant="outlined" label={`${s.name} · ${s.requirementCount}`} />
            ))}
          </Stack>
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            Requirements
          </Typography>
          <TemplateRequirements template={template} />
        </CardContent>
      </Card>
    </Stack>
  );
};

/** One template version: its sections and requirements. Versions are never edited. */
export const ScalTemplateShow = () => (
  <Show<ScalTemplateDetailDto> title={<Title />} component="div" actions={false}>
    <TemplatePage />
  </Show>
);
