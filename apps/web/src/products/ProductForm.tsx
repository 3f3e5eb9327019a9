import { MEDICAL_DEVICE_STATUS_LABELS, MEDICAL_DEVICE_STATUSES } from '@pairline/domain';
import type { ProductDto, ProductInput } from '@pairline/contracts';
import { maxLength, required, SelectInput, TextInput } from 'react-admin';
import { OwnerInput } from '../common/OwnerInput';

export const medicalDeviceStatusChoices = MEDICAL_DEVICE_STATUSES.map((id) => ({ id, name: MEDICAL_DEVICE_STATUS_LABELS[id] }));

/** Only the fields the API accepts (unknown fields are refused), trimmed. */
export const toProductInput = (data: Partial<ProductDto>): ProductInput => ({
  name: (data.name ?? '').trim(),
  productVersion: data.productVersion?.trim() ? data.productVersion.trim() : null,
  useCase: (data.useCase ?? '').trim(),
  intendedUsers: (data.intendedUsers ?? '').trim(),
  medicalDeviceStatus: data.medicalDeviceStatus ?? 'undetermined',
  ownerUserId: data.ownerUserId ?? null,
});

/** The product fields shared by the create and edit forms. */
export const ProductFormFields = () => (
  <>
    <TextInput source="name" label="Product name" validate={[required(), maxLength(200)]} sx={{ minWidth: 360 }} />
    <TextInput source="productVersion" label="Product version" helperText="The product's own version, e.g. 2.3" validate={maxLength(50)} />
    <TextInput
      source="useCase"
      label="Use case"
      multiline
      minRows={3}
      fullWidth
      validate={required()}
      helperText="What the product does with GP data, as NHS England will read it."
    />
    <TextInput source="intendedUsers" label="Intended users" multiline minRows={2} fullWidth validate={required()} helperText="Who uses it: patients, GP practice staff, pharmacists…" />
    <SelectInput
      source="medicalDeviceStatus"
      label="Medical device status"
      choices={medicalDeviceStatusChoices}
      validate={required()}
      helperText="UK MDR 2002 class, or say it is not a medical device or not yet determined."
      sx={{ minWidth: 320 }}
    />
    <OwnerInput />
  </>
);
