import DownloadIcon from '@mui/icons-material/Download';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useListContext, useNotify } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { downloadBlob } from '../common/format';

/** Downloads GET /api/audit-events/export.csv with the list's current filter (`audit.export`). */
export const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const exportCsv = useMutation({
    mutationFn: () => dataProvider.exportAuditCsv(filterValues),
    onSuccess: ({ blob, filename }) => downloadBlob(blob, filename),
    onError: (error) => notify(errorMessage(error, 'The export failed.'), { type: 'error' }),
  });
  return (
    <Button
      label="Export CSV"
      aria-label="Export CSV"
      data-testid="audit-export"
      onClick={() => exportCsv.mutate()}
      disabled={exportCsv.isPending}
    >
      <DownloadIcon />
    </Button>
  );
};
