import { Alert, Box, Typography } from '@mui/material';
import type { Im1AvailabilityDto, JourneyDetailDto, JourneyInput, MechanismDto, ProviderSupplierDto } from '@pairline/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  AutocompleteInput,
  Create,
  DateInput,
  RadioButtonGroupInput,
  ReferenceInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  useGetList,
  useNotify,
  useRedirect,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { errorMessage } from '../auth';
import { FormError } from '../common/FormError';
import { OwnerInput } from '../common/OwnerInput';

const ALL = { pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' as const } };

interface JourneyForm {
  productId: string;
  mechanismId: MechanismDto['id'];
  providerSupplierId?: ProviderSupplierDto['id'] | null;
  ownerUserId?: string | null;
  targetGoLive?: string | null;
  notes?: string;
}

/** Only the fields the API accepts; no provider for GP Connect (onboarded with NHS England). */
const toJourneyInput = (im1: (mechanismId: string) => boolean) => (data: JourneyForm): JourneyInput => ({
  productId: data.productId,
  mechanismId: data.mechanismId,
  ...(im1(data.mechanismId) ? { providerSupplierId: data.providerSupplierId ?? null } : {}),
  ownerUserId: data.ownerUserId ?? null,
  targetGoLive: data.targetGoLive || null,
  notes: data.notes?.trim() ?? '',
});

interface ReferenceData {
  mechanisms: MechanismDto[];
  providers: ProviderSupplierDto[];
  availability: Im1AvailabilityDto[];
  isPending: boolean;
}

function useJourneyReferenceData(): ReferenceData {
  const mechanisms = useGetList<MechanismDto>('mechanisms', ALL);
  const providers = useGetList<ProviderSupplierDto>('provider-suppliers', { ...ALL, sort: { field: 'name', order: 'ASC' } });
  const availability = useGetList<Im1AvailabilityDto>('im1-availability', ALL);
  return {
    mechanisms: mechanisms.data ?? [],
    providers: providers.data ?? [],
    availability: availability.data ?? [],
    isPending: mechanisms.isPending || providers.isPending || availability.isPending,
  };
}

const availabilityOf = (availability: Im1AvailabilityDto[], providerSupplierId: string, mechanismId: string) =>
  availability.find((a) => a.providerSupplierId === providerSupplierId && a.mechanismId === mechanismId);

const ProviderOption = ({ provider, cell }: { provider: ProviderSupplierDto; cell: Im1AvailabilityDto | undefined }) => (
  <Box sx={{ py: 0.5 }} data-testid={`provider-option-${provider.id}`} data-availability={cell?.availability ?? 'unknown'}>
    <Typography variant="body2" component="span" sx={{ fontWeight: 600 }}>
      {provider.name} ({provider.systemName})
    </Typography>
    {cell?.availability === 'not_offered' ? (
      <Typography variant="body2" component="span" color="text.secondary">
        {' '}
        · Not offered{cell.note ? `: ${cell.note}` : ''}
      </Typography>
    ) : null}
    {cell?.availability === 'unconfirmed' ? (
      <Typography variant="body2" component="span" sx={{ color: 'warning.dark' }}>
        {' '}
        · Unconfirmed{cell.note ? `: ${cell.note}` : ''}
      </Typography>
    ) : null}
    {cell?.availability === 'offered' && cell.note ? (
      <Typography variant="body2" component="span" color="text.secondary">
        {' '}
        · {cell.note}
      </Typography>
    ) : null}
    {provider.statusUnconfirmed && provider.statusNote ? (
      <Typography variant="caption" component="div" color="text.secondary">
        {provider.statusNote}
      </Typography>
    ) : null}
  </Box>
);

/** Mechanism (with its notice), then the provider supplier for IM1, greyed and annotated per the availability matrix. */
const MechanismAndProvider = ({ data }: { data: ReferenceData }) => {
  const mechanismId = useWatch<JourneyForm, 'mechanismId'>({ name: 'mechanismId' });
  const providerSupplierId = useWatch<JourneyForm, 'providerSupplierId'>({ name: 'providerSupplierId' });
  const { setValue } = useFormContext<JourneyForm>();
  const mechanism = data.mechanisms.find((m) => m.id === mechanismId);
  const im1 = mechanism?.family === 'im1';

  // GP Connect journeys are with NHS England: drop a provider chosen for an earlier IM1 choice.
  useEffect(() => {
    if (mechanism && !im1 && providerSupplierId) setValue('providerSupplierId', null);
  }, [mechanism, im1, providerSupplierId, setValue]);

  const mechanismChoices = useMemo(
    () => [...data.mechanisms].sort((a, b) => (a.family === b.family ? 0 : a.family === 'im1' ? -1 : 1)),
    [data.mechanisms],
  );
  const providerChoices = data.providers.map((provider) => {
    const cell = mechanismId ? availabilityOf(data.availability, provider.id, mechanismId) : undefined;
    return { id: provider.id, name: provider.name, provider, cell, disabled: cell?.availability === 'not_offered' };
  });
  // The API refuses these too; checking here says why before the form is sent.
  const offeredByProvider = (value: string | null | undefined) => {
    if (!im1 || !value || !mechanismId) return undefined;
    const cell = availabilityOf(data.availability, value, mechanismId);
    return cell?.availability === 'not_offered' ? `${mechanism?.name} is not offered by this provider supplier. ${cell.note ?? ''}`.trim() : undefined;
  };
  const chosenCell = im1 && providerSupplierId && mechanismId ? availabilityOf(data.availability, providerSupplierId, mechanismId) : undefined;

  return (
    <>
      <SelectInput
        source="mechanismId"
        label="Mechanism"
        choices={mechanismChoices}
        optionText={(m: MechanismDto) => `${m.name}${m.family === 'gp_connect' ? ' (with NHS England)' : ''}`}
        validate={required()}
        isPending={data.isPending}
        sx={{ minWidth: 360 }}
      />
      {mechanism?.notice ? (
        <Alert severity="info" data-testid="mechanism-notice" sx={{ mb: 2, maxWidth: 720 }}>
          {mechanism.notice}
        </Alert>
      ) : null}
      {mechanism && !im1 ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          GP Connect capabilities are onboarded with NHS England: no provider supplier to choose.
        </Typography>
      ) : null}
      {im1 ? (
        <RadioButtonGroupInput
          source="providerSupplierId"
          label="Provider supplier (pairing is made with each one separately)"
          choices={providerChoices}
          optionText={(choice: (typeof providerChoices)[number]) => <ProviderOption provider={choice.provider} cell={choice.cell} />}
          row={false}
          validate={[required('Choose the provider supplier to pair with.'), offeredByProvider]}
          data-testid="provider-choice"
        />
      ) : null}
      {chosenCell?.availability === 'unconfirmed' ? (
        <Alert severity="warning" data-testid="availability-warning" sx={{ mb: 2, maxWidth: 720 }}>
          {mechanism?.name} availability is unconfirmed for this provider supplier{chosenCell.note ? `: ${chosenCell.note}` : '.'} You can still start the
          journey; it will carry a warning.
        </Alert>
      ) : null}
    </>
  );
};

/** An API error belongs to the values that were sent: once any changes, it no longer applies. */
const ClearErrorOnChange = ({ clear }: { clear: () => void }) => {
  const values = useWatch<JourneyForm>();
  const key = JSON.stringify(values);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else clear();
  }, [key, clear]);
  return null;
};

const JourneyCreateToolbar = () => (
  <Toolbar>
    <SaveButton label="Create journey" data-testid="create-journey-submit" />
  </Toolbar>
);

/** POST /api/journeys: one journey per product × mechanism (× provider supplier for IM1). */
export const JourneyCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const data = useJourneyReferenceData();
  const [error, setError] = useState<unknown>(null);
  const clearError = useCallback(() => setError(null), []);
  const isIm1 = (mechanismId: string) => data.mechanisms.find((m) => m.id === mechanismId)?.family === 'im1';

  return (
    <Create<JourneyDetailDto>
      title="New journey"
      transform={(values: JourneyForm) => {
        setError(null);
        return toJourneyInput(isIm1)(values);
      }}
      mutationOptions={{
        onSuccess: (journey: JourneyDetailDto) => {
          if (journey.warning) notify(journey.warning, { type: 'warning', autoHideDuration: 10_000 });
          else notify(`Journey created: ${journey.mechanismName}${journey.providerName ? ` with ${journey.providerName}` : ''}`, { type: 'success' });
          redirect('show', 'journeys', journey.id);
        },
        onError: (failure) => {
          setError(failure);
          notify(errorMessage(failure), { type: 'error' });
        },
      }}
    >
      <SimpleForm toolbar={<JourneyCreateToolbar />} defaultValues={{ ownerUserId: null, notes: '' }}>
        <ReferenceInput source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput label="Product" optionText="name" filterToQuery={(q: string) => ({ q })} validate={required()} sx={{ minWidth: 360 }} />
        </ReferenceInput>
        <MechanismAndProvider data={data} />
        <OwnerInput />
        <DateInput source="targetGoLive" label="Target go-live" helperText="Optional: the journey's colour compares the forecast with it." />
        <TextInput source="notes" label="Notes" multiline minRows={2} fullWidth />
        <ClearErrorOnChange clear={clearError} />
        <Box sx={{ width: '100%', maxWidth: 720 }}>
          <FormError error={error} testId="journey-create-error" />
        </Box>
      </SimpleForm>
    </Create>
  );
};
