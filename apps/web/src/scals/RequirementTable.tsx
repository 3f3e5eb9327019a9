import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import EventIcon from '@mui/icons-material/Event';
import SyncAltIcon from '@mui/icons-material/SyncAlt';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  LinearProgress,
  Link,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ScalLevel, ScalRequirementStatus, ScalResponse } from '@pairline/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useDataProvider } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { todayInEngland } from '../common/format';
import { useMemberChoices } from '../common/OwnerInput';
import { BulkDialog, type BulkAction } from './BulkDialog';
import { scalLevelChoices, scalResponseFilterChoices, scalStatusChoices } from './labels';
import { RequirementHeadingRow, RequirementRow } from './RequirementRow';
import type { ScalDetailDto, ScalRequirementRowDto, ScalRequirementFilter } from './scalsApi';
import { scalQueryKey } from './useScalCache';

const FilterSelect = ({ label, value, onChange, choices, testId }: { label: string; value: string; onChange: (v: string) => void; choices: { id: string; name: string }[]; testId: string }) => (
  <TextField select size="small" label={label} value={value} onChange={(e) => onChange(e.target.value)} fullWidth={false} sx={{ width: 180 }} data-testid={testId}>
    <MenuItem value="">
      <em>Any</em>
    </MenuItem>
    {choices.map((c) => (
      <MenuItem key={c.id} value={c.id}>
        {c.name}
      </MenuItem>
    ))}
  </TextField>
);

const ATTENTION_CHOICES = [
  { id: 'true', name: 'Needs attention (lapsed)' },
  { id: 'false', name: 'No lapsed evidence' },
];

interface RequirementTableProps {
  scal: ScalDetailDto;
  writable: boolean;
  filter: ScalRequirementFilter;
  onFilterChange: (filter: ScalRequirementFilter) => void;
  /** Opens one requirement (the caller renders the dialog). */
  onOpen: (row: ScalRequirementRowDto) => void;
}

/**
 * The SCAL's requirements with their answers, a page at a time from the server, filtered there too;
 * ticked rows (or every row the filters match) take bulk changes.
 */
export const RequirementTable = ({ scal, writable, filter, onFilterChange, onOpen }: RequirementTableProps) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const { choices: members } = useMemberChoices();
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [search, setSearch] = useState(filter.q ?? '');

  const query = useQuery({
    queryKey: [...scalQueryKey(scal.id), 'requirements', { filter, page, perPage }],
    queryFn: () => dataProvider.getScalRequirements(scal.id, { page: page + 1, perPage, filter, sort: { field: 'position', order: 'ASC' } }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.data ?? [];
  const total = query.data?.total ?? 0;

  const changeFilter = (next: ScalRequirementFilter) => {
    onFilterChange(next);
    setPage(0);
    setSelected(new Set());
    setAllMatching(false);
  };
  const toggle = (identifier: string) => {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(identifier)) next.delete(identifier);
      else next.add(identifier);
      return next;
    });
  };
  const pageAllSelected = rows.length > 0 && rows.every((r) => selected.has(r.identifier));
  const togglePage = () => {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      for (const r of rows) {
        if (pageAllSelected) next.delete(r.identifier);
        else next.add(r.identifier);
      }
      return next;
    });
  };
  const selectionCount = allMatching ? total : selected.size;
  const ownerName = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? 'A former member') : '—');
  const today = todayInEngland();
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== '');

  let banner: ReactNode = null;
  if (writable && selectionCount > 0) {
    banner = (
      <Paper variant="outlined" sx={{ px: 2, py: 1, mb: 1, bgcolor: 'action.selected', display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }} data-testid="scal-bulk-bar">
        <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="scal-selection-count">
          {allMatching ? `All ${total} requirements matching the filters` : `${selected.size} selected`}
        </Typography>
        {!allMatching && pageAllSelected && total > selected.size ? (
          <Link component="button" type="button" variant="body2" onClick={() => setAllMatching(true)} data-testid="scal-select-all-matching">
            Select all {total} matching the filters
          </Link>
        ) : null}
        <Box sx={{ flexGrow: 1 }} />
        <Button size="small" startIcon={<AssignmentIndIcon />} onClick={() => setBulk('owner')} data-testid="scal-bulk-owner-action">
          Assign owner
        </Button>
        <Button size="small" startIcon={<EventIcon />} onClick={() => setBulk('due')} data-testid="scal-bulk-due-action">
          Set due date
        </Button>
        <Button size="small" startIcon={<SyncAltIcon />} onClick={() => setBulk('status')} data-testid="scal-bulk-status-action">
          Change status
        </Button>
        <Button
          size="small"
          color="inherit"
          onClick={() => {
            setSelected(new Set());
            setAllMatching(false);
          }}
        >
          Clear
        </Button>
      </Paper>
    );
  }

  return (
    <Box data-testid="scal-requirements">
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ mb: 1.5, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          size="small"
          label="Search"
          placeholder="Identifier or text"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') changeFilter({ ...filter, q: search.trim() || undefined });
          }}
          onBlur={() => (search.trim() || undefined) !== filter.q && changeFilter({ ...filter, q: search.trim() || undefined })}
          fullWidth={false}
          sx={{ width: 240 }}
          data-testid="scal-filter-q"
        />
        <FilterSelect label="Section" value={filter.section ?? ''} onChange={(v) => changeFilter({ ...filter, section: v || undefined })} choices={scal.progress.sections.map((s) => ({ id: s.key, name: s.name }))} testId="scal-filter-section" />
        <FilterSelect label="Status" value={filter.status ?? ''} onChange={(v) => changeFilter({ ...filter, status: (v || undefined) as ScalRequirementStatus | undefined })} choices={scalStatusChoices} testId="scal-filter-status" />
        <FilterSelect label="Response" value={filter.response ?? ''} onChange={(v) => changeFilter({ ...filter, response: (v || undefined) as ScalResponse | 'none' | undefined })} choices={scalResponseFilterChoices} testId="scal-filter-response" />
        <FilterSelect
          label="Evidence"
          value={filter.needsAttention === undefined ? '' : String(filter.needsAttention)}
          onChange={(v) => changeFilter({ ...filter, needsAttention: v === '' ? undefined : v === 'true' })}
          choices={ATTENTION_CHOICES}
          testId="scal-filter-attention"
        />
        <FilterSelect label="Level" value={filter.level ?? ''} onChange={(v) => changeFilter({ ...filter, level: (v || undefined) as ScalLevel | undefined })} choices={scalLevelChoices} testId="scal-filter-level" />
        <FilterSelect label="Owner" value={filter.ownerUserId ?? ''} onChange={(v) => changeFilter({ ...filter, ownerUserId: v || undefined })} choices={members} testId="scal-filter-owner" />
        {filtered ? (
          <Button
            size="small"
            onClick={() => {
              setSearch('');
              changeFilter({});
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </Stack>
      {banner}
      <Box sx={{ height: 2 }}>{query.isFetching ? <LinearProgress sx={{ height: 2 }} /> : null}</Box>
      {query.error ? <Alert severity="error">{errorMessage(query.error)}</Alert> : null}
      {/* Width 0, min-width 100%: on a narrow screen the table scrolls in its box rather than squeezing the requirement text or widening the page. */}
      <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
        <Table size="small" aria-label="SCAL requirements" data-testid="scal-requirement-table">
          <TableHead>
            <TableRow>
              {writable ? (
                <TableCell padding="checkbox">
                  <Checkbox size="small" checked={pageAllSelected} indeterminate={!pageAllSelected && rows.some((r) => selected.has(r.identifier))} onChange={togglePage} slotProps={{ input: { 'aria-label': 'Select this page' } }} data-testid="scal-select-page" />
                </TableCell>
              ) : null}
              <TableCell>Identifier</TableCell>
              <TableCell>Level</TableCell>
              <TableCell sx={{ width: '40%', minWidth: 260 }}>Requirement</TableCell>
              <TableCell>Response</TableCell>
              <TableCell>Evidence</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row, i) => (
              <Fragment key={row.identifier}>
                {row.heading && (i === 0 || rows[i - 1].heading !== row.heading || rows[i - 1].section !== row.section) ? <RequirementHeadingRow row={row} columns={writable ? 9 : 8} /> : null}
                <RequirementRow
                  row={row}
                  writable={writable}
                  selected={allMatching || selected.has(row.identifier)}
                  ownerName={ownerName(row.ownerUserId)}
                  today={today}
                  onToggle={() => toggle(row.identifier)}
                  onOpen={() => onOpen(row)}
                />
              </Fragment>
            ))}
            {query.data && rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={writable ? 9 : 8}>
                  <Typography color="text.secondary" sx={{ py: 2 }} data-testid="scal-requirements-empty">
                    {filtered ? 'No requirement matches these filters.' : 'This SCAL has no requirements.'}
                  </Typography>
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Box>
      <TablePagination
        component="div"
        count={total}
        page={page}
        onPageChange={(_e, next) => setPage(next)}
        rowsPerPage={perPage}
        rowsPerPageOptions={[25, 50, 100]}
        onRowsPerPageChange={(e) => {
          setPerPage(Number(e.target.value));
          setPage(0);
        }}
      />
      {bulk ? (
        <BulkDialog
          scal={scal}
          action={bulk}
          selection={allMatching ? { filter, count: total } : { identifiers: [...selected] }}
          onClose={() => setBulk(null)}
          onDone={() => {
            setBulk(null);
            setSelected(new Set());
            setAllMatching(false);
          }}
        />
      ) : null}
    </Box>
  );
};
