import { Alert, Box, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { ProductDto, RiskPlanDto } from '@pairline/contracts';
import { ACCEPTANCES, DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN, LIKELIHOODS, RISK_RATINGS, SEVERITIES, type Acceptance, type Likelihood, type RiskRating, type Severity } from '@pairline/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useGetOne, useNotify } from 'react-admin';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth';
import { FormError } from '../common/FormError';
import { formatDateTime } from '../common/format';
import { approveRiskPlan, createRiskPlan, fetchRiskPlan, fetchRiskPlans, type RiskPlanSettings } from './clinicalSafetyApi';
import { RATING_COLOURS, nameOf } from './rating';

const ACCEPTANCE_LABELS: Record<Acceptance, string> = { acceptable: 'Acceptable', justification_required: 'Acceptable with a recorded reason', unacceptable: 'Unacceptable' };

/** A deep copy the form may change freely: the plan read from the server stays as it was. */
const draftOf = (plan: RiskPlanSettings): RiskPlanSettings => structuredClone({ severities: plan.severities, likelihoods: plan.likelihoods, matrix: plan.matrix, acceptability: plan.acceptability, source: plan.source });

const guidance = (): RiskPlanSettings => draftOf(DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN as unknown as RiskPlanSettings);

function Matrix({ plan, onChange }: { plan: RiskPlanSettings; onChange?: (likelihood: Likelihood, severity: Severity, rating: RiskRating) => void }) {
  return (
    <Table size="small" sx={{ width: 'auto' }} data-testid="plan-matrix">
      <TableHead>
        <TableRow>
          <TableCell>Likelihood \ Severity</TableCell>
          {SEVERITIES.map((s) => <TableCell key={s} align="center">{nameOf(plan.severities, s)}</TableCell>)}
        </TableRow>
      </TableHead>
      <TableBody>
        {[...LIKELIHOODS].reverse().map((l) => (
          <TableRow key={l}>
            <TableCell component="th">{nameOf(plan.likelihoods, l)}</TableCell>
            {SEVERITIES.map((s) => {
              const rating = plan.matrix[l][s];
              return (
                <TableCell key={s} align="center" sx={{ bgcolor: RATING_COLOURS[rating].bg, color: RATING_COLOURS[rating].fg, fontWeight: 700, p: onChange ? 0.5 : undefined }} data-testid={`plan-cell-${l}-${s}`} data-rating={rating}>
                  {onChange ? (
                    <Box
                      component="select"
                      aria-label={`${nameOf(plan.likelihoods, l)} × ${nameOf(plan.severities, s)}`}
                      value={rating}
                      onChange={(e: React.ChangeEvent<HTMLSelectElement>) => onChange(l, s, Number(e.target.value) as RiskRating)}
                      sx={{ font: 'inherit', fontWeight: 700, p: 0.5, bgcolor: 'background.paper', color: 'text.primary' }}
                    >
                      {RISK_RATINGS.map((r) => <option key={r} value={r}>{r}</option>)}
                    </Box>
                  ) : (
                    rating
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Scale<K extends string>({ title, testId, items, onChange }: { title: string; testId: string; items: { key: K; name: string; definition: string }[]; onChange?: (index: number, field: 'name' | 'definition', value: string) => void }) {
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2" sx={{ mt: 2, mb: 0.5 }}>{title}</Typography>
      <Table size="small">
        <TableBody>
          {items.map((item, i) => (
            <TableRow key={item.key}>
              <TableCell sx={{ width: 200, verticalAlign: 'top' }}>
                {onChange ? <TextField size="small" label="Name" value={item.name} onChange={(e) => onChange(i, 'name', e.target.value)} slotProps={{ htmlInput: { 'data-testid': `${testId}-${item.key}-name` } }} /> : <strong>{item.name}</strong>}
              </TableCell>
              <TableCell>
                {onChange ? (
                  <TextField size="small" label="Definition" value={item.definition} onChange={(e) => onChange(i, 'definition', e.target.value)} multiline fullWidth slotProps={{ htmlInput: { 'data-testid': `${testId}-${item.key}-definition` } }} />
                ) : (
                  item.definition
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Acceptability({ plan, onChange }: { plan: RiskPlanSettings; onChange?: (rating: RiskRating, change: { description?: string; acceptance?: Acceptance }) => void }) {
  return (
    <Box data-testid="plan-acceptability">
      <Typography variant="subtitle2" sx={{ mt: 2, mb: 0.5 }}>Acceptability criteria</Typography>
      <Table size="small">
        <TableBody>
          {[...RISK_RATINGS].reverse().map((r) => {
            const c = plan.acceptability[r];
            return (
              <TableRow key={r}>
                <TableCell sx={{ width: 40, bgcolor: RATING_COLOURS[r].bg, color: RATING_COLOURS[r].fg, fontWeight: 700, textAlign: 'center' }}>{r}</TableCell>
                <TableCell>
                  {onChange ? <TextField size="small" label="Meaning" value={c.description} onChange={(e) => onChange(r, { description: e.target.value })} fullWidth slotProps={{ htmlInput: { 'data-testid': `plan-acceptability-${r}-description` } }} /> : c.description}
                </TableCell>
                <TableCell sx={{ width: 280 }}>
                  {onChange ? (
                    <Box component="select" aria-label={`Rating ${r} acceptance`} value={c.acceptance} onChange={(e: React.ChangeEvent<HTMLSelectElement>) => onChange(r, { acceptance: e.target.value as Acceptance })} sx={{ font: 'inherit', p: 0.5 }} data-testid={`plan-acceptability-${r}-acceptance`}>
                      {ACCEPTANCES.map((a) => <option key={a} value={a}>{ACCEPTANCE_LABELS[a]}</option>)}
                    </Box>
                  ) : (
                    ACCEPTANCE_LABELS[c.acceptance]
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * The Clinical Risk Management Plan: the current version (the organisation's, or a product's own
 * with `?productId=`), a new version from an edited copy, and the CSO's approval. Versions are
 * never edited: saving always makes the next one.
 */
export function RiskPlanPage() {
  const [params] = useSearchParams();
  const productId = params.get('productId') ?? undefined;
  const can = useCan();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { data: product } = useGetOne<ProductDto>('products', { id: productId ?? '' }, { enabled: Boolean(productId) });
  const plan = useQuery({ queryKey: ['risk-plan', null, productId], queryFn: () => fetchRiskPlan(null, productId) });
  const history = useQuery({ queryKey: ['risk-plan', 'versions'], queryFn: fetchRiskPlans });
  const [draft, setDraft] = useState<RiskPlanSettings | null>(null);
  const refresh = async () => {
    // Ratings shown anywhere (forms, heat maps) and this page's versions list all read under this prefix.
    await queryClient.invalidateQueries({ queryKey: ['risk-plan'] });
  };
  const create = useMutation({
    mutationFn: (settings: RiskPlanSettings) => createRiskPlan({ productId: productId ?? null, ...settings }),
    onSuccess: async (saved) => {
      setDraft(null);
      notify(`Risk management plan v${saved.version} saved${saved.warnings.length ? ' with warnings' : ''}`, { type: 'success' });
      await refresh();
    },
  });
  const approve = useMutation({
    mutationFn: (id: string) => approveRiskPlan(id),
    onSuccess: async (approved) => {
      notify(`Risk management plan v${approved.version} approved`, { type: 'success' });
      await refresh();
    },
  });
  const current = plan.data;
  const shown: RiskPlanSettings | undefined = draft ?? current;
  const productName = (id: string | null) => (id === null ? 'Organisation' : id === productId ? (product?.name ?? 'This product') : 'A product');
  const scope = !current ? '' : current.productId ? `${product?.name ?? 'This product'}'s own plan` : productId ? `The organisation's plan, which ${product?.name ?? 'this product'} follows: a new version here gives it its own` : "The organisation's plan, which products without their own follow";

  const edit = {
    cell: (l: Likelihood, s: Severity, rating: RiskRating) => setDraft((d) => d && { ...d, matrix: { ...d.matrix, [l]: { ...d.matrix[l], [s]: rating } } }),
    severity: (i: number, field: 'name' | 'definition', value: string) => setDraft((d) => d && { ...d, severities: d.severities.map((x, j) => (j === i ? { ...x, [field]: value } : x)) }),
    likelihood: (i: number, field: 'name' | 'definition', value: string) => setDraft((d) => d && { ...d, likelihoods: d.likelihoods.map((x, j) => (j === i ? { ...x, [field]: value } : x)) }),
    acceptability: (r: RiskRating, change: { description?: string; acceptance?: Acceptance }) => setDraft((d) => d && { ...d, acceptability: { ...d.acceptability, [r]: { ...d.acceptability[r], ...change } } }),
  };

  return (
    <Box sx={{ p: 2 }} data-testid="risk-plan-page">
      <Title title="Clinical risk management plan" />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        <Typography variant="h6" data-testid="plan-heading">
          {draft ? `New version of the clinical risk management plan` : current ? `Clinical risk management plan v${current.version}` : 'Clinical risk management plan'}
        </Typography>
        {current && !draft ? (
          current.approvedAt ? (
            <Chip size="small" color="success" label={`Approved ${formatDateTime(current.approvedAt)}`} data-testid="plan-approval" />
          ) : (
            <Chip size="small" color="warning" variant="outlined" label="Awaiting the CSO's approval" data-testid="plan-approval" />
          )
        ) : null}
        <Box sx={{ flex: 1 }} />
        {productId ? <Button size="small" component={Link} to={`/clinical-safety/${encodeURIComponent(productId)}`}>Safety file</Button> : null}
        {current && !draft && !current.approvedAt && can('hazards.approve') ? (
          <Button size="small" variant="contained" color="success" onClick={() => approve.mutate(current.id)} disabled={approve.isPending} data-testid="plan-approve">
            Approve v{current.version}
          </Button>
        ) : null}
        {current && !draft && can('hazards.write') ? (
          <Button size="small" variant="outlined" onClick={() => { create.reset(); setDraft(draftOf(current)); }} data-testid="plan-new-version">
            New version
          </Button>
        ) : null}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {scope}. Hazards keep the plan version their ratings were read from; re-rating a hazard reads the current one.
      </Typography>
      <FormError error={plan.error ?? approve.error} testId="plan-error" />
      {current && !draft && current.warnings.length ? (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="plan-warnings">{current.warnings.join(' ')}</Alert>
      ) : null}

      {shown ? (
        <Card variant="outlined">
          <CardContent>
            {draft ? (
              <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
                <Button size="small" variant="contained" onClick={() => create.mutate(draft)} disabled={create.isPending} data-testid="plan-save">Save as a new version</Button>
                <Button size="small" onClick={() => setDraft(guidance())} data-testid="plan-reset">Reset to the DCB0129 guidance</Button>
                <Button size="small" onClick={() => { setDraft(null); create.reset(); }}>Cancel</Button>
              </Stack>
            ) : null}
            <FormError error={create.error} testId="plan-save-error" />
            <Typography variant="subtitle2" sx={{ mb: 0.5 }}>Risk matrix: a lookup of likelihood and severity, never their product</Typography>
            <Matrix plan={shown} onChange={draft ? edit.cell : undefined} />
            <Acceptability plan={shown} onChange={draft ? edit.acceptability : undefined} />
            <Scale title="Severity (worst credible harm)" testId="plan-severity" items={shown.severities} onChange={draft ? edit.severity : undefined} />
            <Scale title="Likelihood" testId="plan-likelihood" items={shown.likelihoods} onChange={draft ? edit.likelihood : undefined} />
            <Box sx={{ mt: 2 }}>
              {draft ? (
                <TextField size="small" label="Source of these settings" value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} fullWidth slotProps={{ htmlInput: { 'data-testid': 'plan-source' } }} />
              ) : (
                <Typography variant="caption" color="text.secondary">Source: {shown.source}</Typography>
              )}
            </Box>
          </CardContent>
        </Card>
      ) : null}

      {history.data?.length ? (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle1">Versions</Typography>
          <Table size="small" sx={{ maxWidth: 800 }} data-testid="plan-versions">
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>For</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Approved</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {history.data.map((v: RiskPlanDto) => (
                <TableRow key={v.id} selected={v.id === current?.id} data-testid="plan-version-row">
                  <TableCell>v{v.version}</TableCell>
                  <TableCell>{productName(v.productId)}</TableCell>
                  <TableCell>{formatDateTime(v.createdAt)}</TableCell>
                  <TableCell>{v.approvedAt ? formatDateTime(v.approvedAt) : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
    </Box>
  );
}
