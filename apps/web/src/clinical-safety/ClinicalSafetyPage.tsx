import { Alert, Box, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { HazardLogVersionDto, ProductDto } from '@pairline/contracts';
import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useGetList, useGetOne, useNotify } from 'react-admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../auth';
import { errorMessage } from '../auth/errors';
import { FormError } from '../common/FormError';
import { downloadBlob, formatDateTime } from '../common/format';
import { fetchCso, fetchDocument, fetchProductHazards, fetchRiskPlan, fetchVersions, putCso } from './clinicalSafetyApi';
import { HeatMap } from './HeatMap';
import { RATING_COLOURS } from './rating';
import { ApproveDialog, DiffDialog, IssueVersionDialog } from './VersionDialogs';

function useDownload() {
  const notify = useNotify();
  return async (path: string) => {
    try {
      const { blob, filename } = await fetchDocument(path);
      downloadBlob(blob, filename);
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    }
  };
}

/** Every product's safety file starts here: pick one. */
export function ClinicalSafetyIndex() {
  const { data: products = [], isPending } = useGetList<ProductDto>('products', { pagination: { page: 1, perPage: LIST_MAX_PAGE_SIZE }, sort: { field: 'name', order: 'ASC' } });
  const navigate = useNavigate();
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Clinical safety" />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6">Clinical safety files</Typography>
        <Button size="small" component={Link} to="/risk-plan" data-testid="open-organisation-risk-plan">Clinical risk management plan</Button>
      </Stack>
      {!isPending && !products.length ? <Typography color="text.secondary">No products yet: a hazard log belongs to a product.</Typography> : null}
      <Table size="small" sx={{ maxWidth: 600 }}>
        <TableBody>
          {products.map((p) => (
            <TableRow key={p.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/clinical-safety/${encodeURIComponent(p.id)}`)} data-testid="clinical-safety-product">
              <TableCell>{p.name}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function CsoCard({ productId }: { productId: string }) {
  const can = useCan();
  const query = useQuery({ queryKey: ['cso', productId], queryFn: () => fetchCso(productId) });
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name: '', profession: '', registrationNumber: '' });
  const mutation = useMutation({
    mutationFn: () => putCso(productId, { ...form, version: query.data?.version }),
    onSuccess: () => {
      setEditing(false);
      void query.refetch();
    },
  });
  const cso = query.data;
  return (
    <Card variant="outlined" sx={{ minWidth: 280 }} data-testid="cso-card">
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography variant="overline" color="text.secondary">Clinical safety officer</Typography>
        {editing ? (
          <Stack spacing={1}>
            <FormError error={mutation.error} testId="cso-error" />
            <TextField size="small" label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            <TextField size="small" label="Profession" value={form.profession} onChange={(e) => setForm({ ...form, profession: e.target.value })} />
            <TextField size="small" label="Registration number" value={form.registrationNumber} onChange={(e) => setForm({ ...form, registrationNumber: e.target.value })} />
            <Stack direction="row" spacing={1}>
              <Button size="small" variant="contained" onClick={() => mutation.mutate()} disabled={mutation.isPending}>Save</Button>
              <Button size="small" onClick={() => setEditing(false)}>Cancel</Button>
            </Stack>
          </Stack>
        ) : cso ? (
          <Typography variant="body2">
            <strong>{cso.name}</strong>, {cso.profession}
            <br />
            Registration {cso.registrationNumber || '—'}
          </Typography>
        ) : (
          <Typography variant="body2" color="text.secondary">None recorded. Sign-off needs one with a registration number.</Typography>
        )}
        {!editing && can('hazards.write') ? (
          <Button size="small" sx={{ mt: 0.5, px: 0 }} onClick={() => { setForm({ name: cso?.name ?? '', profession: cso?.profession ?? '', registrationNumber: cso?.registrationNumber ?? '' }); setEditing(true); }}>
            {cso ? 'Edit' : 'Record CSO'}
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}

function ApprovalCell({ version }: { version: HazardLogVersionDto }) {
  if (!version.approval) return <Chip size="small" label="Awaiting approval" color="warning" variant="outlined" />;
  const a = version.approval;
  return (
    <Box data-testid="version-approval">
      <Chip size="small" label="Approved" color="success" sx={{ mr: 1 }} />
      {version.stale ? <Chip size="small" label="Stale: log changed since" color="error" variant="outlined" data-testid="version-stale" /> : null}
      <Typography variant="caption" sx={{ display: 'block' }}>
        {a.approverName} · {a.professionalRegistration} · {formatDateTime(a.approvedAt)}
      </Typography>
    </Box>
  );
}

const RiskProfile = ({ version }: { version: HazardLogVersionDto }) =>
  version.approval ? (
    <Stack direction="row" spacing={0.5}>
      {([1, 2, 3, 4, 5] as const).map((r) => (
        <Box key={r} title={`Residual ${r}`} sx={{ px: 0.75, fontSize: 11, borderRadius: 0.5, bgcolor: RATING_COLOURS[r].bg, color: RATING_COLOURS[r].fg, opacity: version.approval!.residualRiskProfile[r] ? 1 : 0.3 }}>
          {version.approval!.residualRiskProfile[r]}
        </Box>
      ))}
    </Stack>
  ) : null;

/** A product's clinical safety file: heat map, versions and sign-off, documents. */
export function ClinicalSafetyPage() {
  const { productId = '' } = useParams();
  const can = useCan();
  const notify = useNotify();
  const download = useDownload();
  const { data: product } = useGetOne<ProductDto>('products', { id: productId });
  const hazards = useQuery({ queryKey: ['product-hazards', productId], queryFn: () => fetchProductHazards(productId) });
  const plan = useQuery({ queryKey: ['risk-plan', null, productId], queryFn: () => fetchRiskPlan(null, productId) });
  const versions = useQuery({ queryKey: ['hazard-log-versions', productId], queryFn: () => fetchVersions(productId) });
  const cso = useQuery({ queryKey: ['cso', productId], queryFn: () => fetchCso(productId) });
  const [issuing, setIssuing] = useState(false);
  const [approving, setApproving] = useState<HazardLogVersionDto | null>(null);
  const [diffing, setDiffing] = useState<HazardLogVersionDto | null>(null);
  const list = versions.data ?? [];
  const hazardFilter = (extra: Record<string, unknown> = {}) => `/hazards?${new URLSearchParams({ filter: JSON.stringify({ productId, withdrawn: false, ...extra }) })}`;

  return (
    <Box sx={{ p: 2 }} data-testid="clinical-safety-page">
      <Title title={`Clinical safety · ${product?.name ?? ''}`} />
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'flex-start', flexWrap: 'wrap', mb: 2 }}>
        <Box sx={{ flex: 1, minWidth: 280 }}>
          <Typography variant="h6">{product?.name ?? 'Product'}: clinical safety file</Typography>
          <Typography variant="body2" color="text.secondary">
            DCB0129 hazard log{plan.data ? `, rated with risk plan v${plan.data.version}` : ''}. {hazards.data ? `${hazards.data.length} live hazard${hazards.data.length === 1 ? '' : 's'}.` : ''}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <Button size="small" variant="outlined" component={Link} to={hazardFilter()} data-testid="open-hazard-log">Hazard log</Button>
            {can('hazards.write') ? <Button size="small" variant="outlined" component={Link} to="/hazards/create" state={{ record: { productId } }} data-testid="new-hazard">New hazard</Button> : null}
            <Button size="small" onClick={() => void download(`/hazards/export.xlsx?${new URLSearchParams({ productId })}`)} data-testid="export-live-xlsx">Export log (xlsx)</Button>
            <Button size="small" component={Link} to={`/risk-plan?${new URLSearchParams({ productId })}`} data-testid="open-risk-plan">Risk plan</Button>
            {can('hazards.write') ? <Button size="small" component={Link} to={`/hazard-library?productId=${encodeURIComponent(productId)}`}>Hazard library</Button> : null}
          </Stack>
        </Box>
        <CsoCard productId={productId} />
      </Stack>

      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="subtitle1" sx={{ mb: 1 }}>Risk profile</Typography>
          {hazards.error ? <FormError error={hazards.error} testId="heatmap-error" /> : null}
          {plan.data && hazards.data ? (
            hazards.data.length ? <HeatMap hazards={hazards.data} plan={plan.data} productId={productId} /> : <Typography color="text.secondary" data-testid="heatmap-empty">No hazards yet. Add the first, or adopt one from the hazard library.</Typography>
          ) : null}
        </CardContent>
      </Card>

      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
            <Typography variant="subtitle1">Versions and sign-off</Typography>
            {can('hazards.write') ? <Button size="small" variant="contained" onClick={() => setIssuing(true)} data-testid="issue-version">Issue a version</Button> : null}
          </Stack>
          {versions.error ? <FormError error={versions.error} testId="versions-error" /> : null}
          {!list.length && !versions.isPending ? (
            <Alert severity="info" sx={{ mt: 1 }} data-testid="versions-empty">No version issued yet. Issue one to freeze the log for the CSO's approval.</Alert>
          ) : null}
          {list.length ? (
            <Table size="small" data-testid="versions-table" sx={{ mt: 1 }}>
              <TableHead>
                <TableRow>
                  <TableCell>Version</TableCell>
                  <TableCell>Issued</TableCell>
                  <TableCell>Change summary</TableCell>
                  <TableCell align="right">Hazards</TableCell>
                  <TableCell>Approval</TableCell>
                  <TableCell>Residual at sign-off</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((v) => (
                  <TableRow key={v.id} data-testid="version-row" data-version={v.version}>
                    <TableCell sx={{ fontWeight: 600 }}>{v.version}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(v.issuedAt)}</TableCell>
                    <TableCell sx={{ minWidth: 200, maxWidth: 320 }}>{v.changeSummary}</TableCell>
                    <TableCell align="right">{v.hazardCount}</TableCell>
                    <TableCell><ApprovalCell version={v} /></TableCell>
                    <TableCell><RiskProfile version={v} /></TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" onClick={() => setDiffing(v)} data-testid="version-diff">Diff</Button>
                      <Button size="small" onClick={() => void download(`/hazard-log-versions/${encodeURIComponent(v.id)}/export.xlsx`)}>xlsx</Button>
                      {v.approval ? <Button size="small" onClick={() => void download(`/hazard-log-versions/${encodeURIComponent(v.id)}/safety-case-report.pdf`)} data-testid="version-report">Safety case report</Button> : null}
                      {!v.approval && can('hazards.approve') ? (
                        <Button size="small" variant="contained" color="success" onClick={() => setApproving(v)} data-testid="version-approve">Approve</Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </CardContent>
      </Card>

      <IssueVersionDialog productId={productId} open={issuing} onClose={() => setIssuing(false)} onIssued={() => { setIssuing(false); notify('Version issued', { type: 'success' }); void versions.refetch(); }} />
      <ApproveDialog version={approving} cso={cso.data ?? null} onClose={() => setApproving(null)} onApproved={() => { setApproving(null); notify('Hazard log version approved', { type: 'success' }); void versions.refetch(); }} />
      <DiffDialog key={diffing?.id ?? 'none'} version={diffing} versions={list} onClose={() => setDiffing(null)} />
    </Box>
  );
}
