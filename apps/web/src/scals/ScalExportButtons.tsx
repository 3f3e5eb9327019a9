import DownloadIcon from '@mui/icons-material/Download';
import { Button, ButtonGroup } from '@mui/material';
import type { ScalExportFormat } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';
import { downloadBlob } from '../common/format';

/** Downloads the SCAL, or one snapshot of it, as xlsx (the imported workbook itself, its answer cells filled in) or CSV. */
export const ScalExportButtons = ({ scalId, snapshotId, size = 'small', testId = 'scal-export' }: { scalId: string; snapshotId?: string; size?: 'small' | 'medium'; testId?: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const download = useMutation({
    mutationFn: (format: ScalExportFormat) => dataProvider.exportScal(scalId, format, snapshotId),
    onSuccess: ({ blob, filename }) => downloadBlob(blob, filename),
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  return (
    <ButtonGroup size={size} variant="outlined" disabled={download.isPending} aria-label={snapshotId ? 'Export this snapshot' : 'Export the SCAL'}>
      <Button startIcon={<DownloadIcon />} onClick={() => download.mutate('xlsx')} title="The workbook as it was imported (or last returned), with the answers written in" data-testid={`${testId}-xlsx`}>
        xlsx
      </Button>
      <Button onClick={() => download.mutate('csv')} data-testid={`${testId}-csv`}>
        CSV
      </Button>
    </ButtonGroup>
  );
};
