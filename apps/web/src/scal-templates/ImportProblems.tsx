import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import type { ImportWarning, RejectedRow } from '@pairline/domain';

/** Rows the import refuses (or, as warnings, reads without understanding), each with its tab and row number. */
const SheetRowMessages = ({ rows, label, column, testId, rowTestId }: { rows: readonly (RejectedRow | ImportWarning)[]; label: string; column: string; testId: string; rowTestId: string }) => (
  <TableContainer sx={{ maxHeight: 320, border: 1, borderColor: 'divider', borderRadius: 1 }}>
    <Table size="small" stickyHeader aria-label={label} data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>Tab</TableCell>
          <TableCell>Row</TableCell>
          <TableCell>{column}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => {
          const text = 'reason' in r ? r.reason : r.message;
          return (
            <TableRow key={`${r.sheet}:${r.row}:${text}`} data-testid={rowTestId}>
              <TableCell>{r.sheet}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{r.row}</TableCell>
              <TableCell>{text}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  </TableContainer>
);

export const RejectedRowsTable = ({ rows, testId = 'rejected-rows' }: { rows: readonly RejectedRow[]; testId?: string }) => <SheetRowMessages rows={rows} label="Rejected rows" column="Reason" testId={testId} rowTestId="rejected-row" />;

export const WarningsTable = ({ rows, testId = 'import-warnings' }: { rows: readonly ImportWarning[]; testId?: string }) => <SheetRowMessages rows={rows} label="Warnings" column="Message" testId={testId} rowTestId="import-warning" />;
