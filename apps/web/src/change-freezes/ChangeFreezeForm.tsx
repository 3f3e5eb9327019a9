import type { ChangeFreezeDto } from '@pairline/contracts';
import { providerLabel } from '../common/format';
import { DateInput, maxLength, ReferenceInput, required, SelectInput, TextInput } from 'react-admin';

export type ChangeFreezeInput = Pick<ChangeFreezeDto, 'providerSupplierId' | 'startsOn' | 'endsOn' | 'reason'>;

export const toChangeFreezeInput = (data: Partial<ChangeFreezeDto>): ChangeFreezeInput => ({
  providerSupplierId: data.providerSupplierId ?? null,
  startsOn: data.startsOn ?? '',
  endsOn: data.endsOn ?? '',
  reason: (data.reason ?? '').trim(),
});

const endsAfterStart = (endsOn: string, values: Partial<ChangeFreezeDto>) =>
  endsOn && values.startsOn && endsOn < values.startsOn ? 'The freeze ends before it starts.' : undefined;

export const ChangeFreezeFormFields = () => (
  <>
    <ReferenceInput source="providerSupplierId" reference="provider-suppliers" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput label="Provider supplier" optionText={providerLabel} emptyText="Every provider supplier" parse={(v: string) => v || null} helperText="Whose freeze it is; empty: it applies to every journey." />
    </ReferenceInput>
    <DateInput source="startsOn" label="Starts on" validate={required()} />
    <DateInput source="endsOn" label="Ends on" validate={[required(), endsAfterStart]} />
    <TextInput source="reason" label="Reason" multiline minRows={2} fullWidth validate={[required(), maxLength(1000)]} helperText="e.g. TPP year-end change freeze" />
  </>
);
