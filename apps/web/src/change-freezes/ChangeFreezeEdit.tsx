import type { ChangeFreezeDto } from '@pairline/contracts';
import { DeleteWithConfirmButton, Edit, SaveButton, SimpleForm, Toolbar, useNotify, useRefresh } from 'react-admin';
import { errorCode, errorMessage } from '../auth';
import { ChangeFreezeFormFields, toChangeFreezeInput } from './ChangeFreezeForm';

const ChangeFreezeEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteWithConfirmButton label="Delete freeze" confirmTitle="Delete this change freeze?" confirmContent="Forecasts will no longer avoid it." mutationMode="pessimistic" redirect="list" />
  </Toolbar>
);

export const ChangeFreezeEdit = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <Edit<ChangeFreezeDto>
      title="Edit change freeze"
      mutationMode="pessimistic"
      redirect="list"
      transform={(data: ChangeFreezeDto) => ({ ...toChangeFreezeInput(data), version: data.version })}
      mutationOptions={{
        onError: (error) => {
          notify(errorMessage(error), { type: 'error' });
          if (errorCode(error) === 'stale_version') refresh();
        },
      }}
    >
      <SimpleForm toolbar={<ChangeFreezeEditToolbar />}>
        <ChangeFreezeFormFields />
      </SimpleForm>
    </Edit>
  );
};
