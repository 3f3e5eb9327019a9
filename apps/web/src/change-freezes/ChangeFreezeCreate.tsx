import type { ChangeFreezeDto } from '@pairline/contracts';
import { Create, SimpleForm, useNotify } from 'react-admin';
import { errorMessage } from '../auth';
import { ChangeFreezeFormFields, toChangeFreezeInput } from './ChangeFreezeForm';

export const ChangeFreezeCreate = () => {
  const notify = useNotify();
  return (
    <Create<ChangeFreezeDto>
      title="New change freeze"
      transform={toChangeFreezeInput}
      redirect="list"
      mutationOptions={{ onError: (error) => notify(errorMessage(error), { type: 'error' }) }}
    >
      <SimpleForm defaultValues={{ providerSupplierId: null }}>
        <ChangeFreezeFormFields />
      </SimpleForm>
    </Create>
  );
};
