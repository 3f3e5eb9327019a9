import { Alert, Box, Stack, Typography } from '@mui/material';
import type { HazardDto, RiskPlanDto } from '@pairline/contracts';
import { useQuery } from '@tanstack/react-query';
import {
  ArrayInput,
  AutocompleteArrayInput,
  DateInput,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  SaveButton,
  Toolbar,
  TextInput,
  required,
  useRecordContext,
  type SimpleFormProps,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { OwnerInput } from '../common/OwnerInput';
import { fetchRiskPlan } from './clinicalSafetyApi';
import { mechanismChoices } from './labels';
import { RatingChip, likelihoodChoices, liveRating, severityChoices } from './rating';

type Phase = 'initial' | 'residual';

/** The plan the form rates with: the hazard's own plan version, else the product's current one. */
function useFormPlan(): { plan: RiskPlanDto | undefined; error: unknown } {
  const record = useRecordContext<HazardDto>();
  const productId = useWatch({ name: 'productId' }) as string | undefined;
  const riskPlanId = record?.riskPlanId ?? null;
  const query = useQuery({ queryKey: ['risk-plan', riskPlanId, productId], queryFn: () => fetchRiskPlan(riskPlanId, productId), enabled: Boolean(riskPlanId || productId), staleTime: 60_000 });
  return { plan: query.data, error: query.error };
}

/** Severity and likelihood selects with the rating the plan's matrix gives them, as they change. */
function RiskInputs({ phase, plan }: { phase: Phase; plan: RiskPlanDto | undefined }) {
  const severity = useWatch({ name: `${phase}.severity` });
  const likelihood = useWatch({ name: `${phase}.likelihood` });
  const rating = liveRating(plan, severity, likelihood);
  const definition = (list: { key: string; definition: string }[] | undefined, key: unknown) => list?.find((d) => d.key === key)?.definition;
  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, flex: 1, minWidth: 300 }} data-testid={`hazard-${phase}`}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
        <Typography variant="subtitle2">{phase === 'initial' ? 'Initial risk' : 'Residual risk (after additional controls)'}</Typography>
        <RatingChip rating={rating} plan={plan} testId={`hazard-${phase}-rating`} />
      </Stack>
      <Stack direction="row" spacing={1}>
        <SelectInput source={`${phase}.severity`} label="Severity" choices={plan?.severities.map((s) => ({ id: s.key, name: s.name })) ?? severityChoices} emptyText="Not assessed" helperText={definition(plan?.severities, severity) ?? false} sx={{ flex: 1 }} />
        <SelectInput source={`${phase}.likelihood`} label="Likelihood" choices={plan?.likelihoods.map((s) => ({ id: s.key, name: s.name })) ?? likelihoodChoices} emptyText="Not assessed" helperText={definition(plan?.likelihoods, likelihood) ?? false} sx={{ flex: 1 }} />
      </Stack>
    </Box>
  );
}

function RatingsSection() {
  const { plan, error } = useFormPlan();
  return (
    <Box sx={{ width: '100%' }}>
      {error ? <Alert severity="warning">The risk plan could not be read, so ratings cannot be shown until the page is reloaded.</Alert> : null}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
        <RiskInputs phase="initial" plan={plan} />
        <RiskInputs phase="residual" plan={plan} />
      </Stack>
      <Typography variant="caption" color="text.secondary">
        {plan ? `Rated with risk plan v${plan.version}: the server stores the rating its matrix gives; it is never typed.` : 'Choose a product to rate against its plan.'}
      </Typography>
    </Box>
  );
}

const Section = ({ children }: { children: string }) => (
  <Typography variant="overline" color="text.secondary" sx={{ mt: 1, display: 'block' }}>
    {children}
  </Typography>
);

/** Fields of the hazard author; a risk without both parts is sent as not assessed. */
export function toHazardBody(data: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const risk = (value: unknown) => {
    const v = value as { severity?: string; likelihood?: string } | null | undefined;
    return v?.severity && v?.likelihood ? { severity: v.severity, likelihood: v.likelihood } : null;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const body: Record<string, unknown> = {
    name: data.name,
    description: text(data.description),
    potentialClinicalImpact: text(data.potentialClinicalImpact),
    possibleCauses: ((data.possibleCauses as unknown[] | undefined) ?? []).filter((c): c is string => typeof c === 'string' && c.trim() !== ''),
    effect: text(data.effect),
    harm: text(data.harm),
    existingControls: text(data.existingControls),
    hazardType: text(data.hazardType) || null,
    journeyIds: data.journeyIds ?? [],
    mechanismKeys: data.mechanismKeys ?? [],
    initial: risk(data.initial),
    residual: risk(data.residual),
    residualIncreaseJustification: text(data.residualIncreaseJustification) || null,
    actionSummary: text(data.actionSummary),
    ownerUserId: data.ownerUserId || null,
    nextReviewOn: data.nextReviewOn || null,
  };
  if (creating) body.productId = data.productId;
  else body.version = data.version;
  return body;
}

export function HazardForm({ creating, ...props }: Omit<SimpleFormProps, 'children'> & { creating?: boolean }) {
  return (
    <SimpleForm
      {...props}
      sx={{ maxWidth: 1100 }}
      // Hazards are never deleted: withdrawal (with a reason) is on the status bar.
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      {creating ? (
        <ReferenceInput source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput optionText="name" label="Product" validate={required()} />
        </ReferenceInput>
      ) : null}
      <Section>Hazard</Section>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="description" validate={required()} multiline minRows={2} fullWidth />
      <TextInput source="potentialClinicalImpact" label="Potential clinical impact" multiline fullWidth />
      <Stack direction="row" spacing={2} sx={{ width: '100%' }}>
        <TextInput source="effect" multiline sx={{ flex: 1 }} />
        <TextInput source="harm" multiline sx={{ flex: 1 }} />
      </Stack>
      <ArrayInput source="possibleCauses" label="Possible causes">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="" label="Cause" sx={{ minWidth: 500 }} helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="existingControls" label="Existing controls" multiline fullWidth />
      <Stack direction="row" spacing={2} sx={{ width: '100%' }}>
        <TextInput source="hazardType" label="Category (hazard type)" sx={{ flex: 1 }} />
        <JourneysInput />
      </Stack>
      <AutocompleteArrayInput source="mechanismKeys" label="GP Connect capabilities and IM1 APIs" choices={mechanismChoices} helperText="What the hazard concerns, with or without a journey" fullWidth data-testid="hazard-mechanisms" />
      <Section>Risk</Section>
      <RatingsSection />
      <TextInput source="residualIncreaseJustification" label="Why the residual risk is above the initial (only then)" multiline fullWidth />
      <Section>Actions</Section>
      <TextInput source="actionSummary" label="Action summary" multiline fullWidth />
      <Stack direction="row" spacing={2}>
        <OwnerInput />
        <DateInput source="nextReviewOn" label="Next review" />
      </Stack>
    </SimpleForm>
  );
}

/** Only the journeys of the hazard's own product can be linked. */
function JourneysInput() {
  const productId = useWatch({ name: 'productId' }) as string | undefined;
  return (
    <ReferenceArrayInput source="journeyIds" reference="journeys" filter={productId ? { productId } : {}} sort={{ field: 'productName', order: 'ASC' }}>
      <AutocompleteArrayInput label="Linked journeys" sx={{ flex: 2 }} />
    </ReferenceArrayInput>
  );
}
