import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Button } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRedirect } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';

/** Copies the built-in baseline in as the next version of its key and opens it. */
export const CopyBaselineButton = () => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const copy = useMutation({
    mutationFn: () => dataProvider.copyBaselineScalTemplate(),
    onSuccess: (template) => {
      void queryClient.invalidateQueries({ queryKey: ['scal-templates'] });
      notify(`Baseline copied as ${template.key} v${template.version}`, { type: 'success' });
      redirect('show', 'scal-templates', template.id);
    },
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  return (
    <Button size="small" startIcon={<ContentCopyIcon />} onClick={() => copy.mutate()} disabled={copy.isPending} data-testid="copy-baseline">
      Copy baseline
    </Button>
  );
};
