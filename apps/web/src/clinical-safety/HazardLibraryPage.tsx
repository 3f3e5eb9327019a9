import { Alert, Box, Button, Card, CardContent, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { HazardLibraryItemDto, HazardLibraryPreviewDto, ProductDto } from '@pairline/contracts';
import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useGetList, useNotify } from 'react-admin';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth';
import { FormError } from '../common/FormError';
import { adoptSuggestion, fileToBase64, importLibrary, previewLibraryImport, type LibraryUpload } from './clinicalSafetyApi';

/** Published hazard logs (the NHS GP Connect consumer log first) as suggestions a CSO adopts. */
export function HazardLibraryPage() {
  const can = useCan();
  const notify = useNotify();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [productId, setProductId] = useState(params.get('productId') ?? '');
  const [q, setQ] = useState('');
  const [upload, setUpload] = useState<LibraryUpload | null>(null);
  const [preview, setPreview] = useState<HazardLibraryPreviewDto | null>(null);
  const { data: products = [] } = useGetList<ProductDto>('products', { pagination: { page: 1, perPage: LIST_MAX_PAGE_SIZE }, sort: { field: 'name', order: 'ASC' } });
  const items = useGetList<HazardLibraryItemDto>('hazard-library', { pagination: { page: 1, perPage: 100 }, sort: { field: 'sourceRow', order: 'ASC' }, filter: q ? { q } : {} });

  const previewMutation = useMutation({
    mutationFn: async (file: File) => {
      const body = { filename: file.name, contentBase64: await fileToBase64(file), sheet: 'Hazard Log' };
      setUpload(body);
      return previewLibraryImport(body);
    },
    onSuccess: setPreview,
  });
  const importMutation = useMutation({
    mutationFn: () => importLibrary(upload!),
    onSuccess: (result) => {
      notify(`${result.imported} suggestions imported from ${result.source}`, { type: 'success' });
      setPreview(null);
      setUpload(null);
      void items.refetch();
    },
  });
  const adoptMutation = useMutation({
    mutationFn: (id: string) => adoptSuggestion(id, productId),
    onSuccess: (hazard) => {
      notify(`Adopted as ${hazard.number}: rate it before issuing the log`, { type: 'success' });
      navigate(`/hazards/${encodeURIComponent(hazard.id)}`);
    },
  });

  return (
    <Box sx={{ p: 2 }} data-testid="hazard-library">
      <Title title="Hazard library" />
      {can('hazards.write') ? (
        <Card variant="outlined" sx={{ mb: 2 }}>
          <CardContent>
            <Typography variant="subtitle1">Import a published hazard log</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              An .xlsx with a “Hazard Log” sheet (NHS England’s GP Connect consumer log maps its columns by itself). Read in the browser, previewed by the server, then imported all or nothing.
            </Typography>
            <Button variant="outlined" component="label" size="small">
              Choose workbook
              <input hidden type="file" accept=".xlsx" data-testid="library-file" onChange={(e) => { const file = e.target.files?.[0]; if (file) previewMutation.mutate(file); e.target.value = ''; }} />
            </Button>
            <FormError error={previewMutation.error ?? importMutation.error} testId="library-error" />
            {preview ? (
              <Box sx={{ mt: 1 }} data-testid="library-preview">
                <Typography variant="body2">
                  Sheet “{preview.sheet}”: {preview.rows} rows{preview.ignoredRows.length ? `, ${preview.ignoredRows.length} rows below the table ignored` : ''}.
                </Typography>
                <Table size="small" sx={{ my: 1, maxWidth: 700 }}>
                  <TableHead><TableRow><TableCell>Column</TableCell><TableCell>Imported as</TableCell></TableRow></TableHead>
                  <TableBody>
                    {preview.headers.map((h) => (
                      <TableRow key={h}><TableCell>{h}</TableCell><TableCell>{preview.mapping[h] ?? <em>not imported</em>}</TableCell></TableRow>
                    ))}
                  </TableBody>
                </Table>
                {preview.rejected.length ? (
                  <Alert severity="error">
                    {preview.rejected.length} rows would be rejected, so nothing can be imported: {preview.rejected.slice(0, 10).map((r) => `row ${r.row}: ${r.reason}`).join('; ')}
                  </Alert>
                ) : (
                  <Button variant="contained" size="small" onClick={() => importMutation.mutate()} disabled={importMutation.isPending} data-testid="library-import">Import {preview.rows} suggestions</Button>
                )}
              </Box>
            ) : null}
          </CardContent>
        </Card>
      ) : null}
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }}>Suggestions</Typography>
        <TextField size="small" label="Search" value={q} onChange={(e) => setQ(e.target.value)} />
        <TextField select size="small" label="Adopt into product" value={productId} onChange={(e) => setProductId(e.target.value)} sx={{ minWidth: 220 }}>
          {products.map((p) => <MenuItem key={p.id} value={p.id}>{p.name}</MenuItem>)}
        </TextField>
      </Stack>
      <FormError error={adoptMutation.error} testId="adopt-error" />
      {items.data && !items.data.length ? <Typography color="text.secondary" data-testid="library-empty">No suggestions yet: import a published hazard log.</Typography> : null}
      {items.data?.length ? (
        <Table size="small" data-testid="library-list">
          <TableHead>
            <TableRow><TableCell>No.</TableCell><TableCell>Type</TableCell><TableCell>Name</TableCell><TableCell>Description</TableCell><TableCell>Source</TableCell><TableCell /></TableRow>
          </TableHead>
          <TableBody>
            {items.data.map((i) => (
              <TableRow key={i.id} hover>
                <TableCell>{i.number}</TableCell>
                <TableCell>{i.hazardType ?? '—'}</TableCell>
                <TableCell sx={{ fontWeight: 500 }}>{i.name}</TableCell>
                <TableCell sx={{ maxWidth: 520, fontSize: 12 }} title={i.description}>
                  {/* Published descriptions run to paragraphs: three lines keep the table scannable. */}
                  <Box sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>{i.description}</Box>
                </TableCell>
                <TableCell sx={{ fontSize: 12, color: 'text.secondary' }}>{i.source}</TableCell>
                <TableCell>
                  {can('hazards.write') ? <Button size="small" disabled={!productId || adoptMutation.isPending} onClick={() => adoptMutation.mutate(i.id)}>Adopt</Button> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
}
