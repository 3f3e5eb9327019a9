import type { ProductDto } from '@pairline/contracts';
import { Create, SimpleForm, useNotify, useRedirect } from 'react-admin';
import { errorMessage } from '../auth';
import { ProductFormFields, toProductInput } from './ProductForm';

export const ProductCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create<ProductDto>
      title="New product"
      transform={toProductInput}
      mutationOptions={{
        onSuccess: (product: ProductDto) => {
          notify(`Product ${product.name} created`, { type: 'success' });
          redirect('show', 'products', product.id);
        },
        onError: (error) => notify(errorMessage(error), { type: 'error' }),
      }}
    >
      <SimpleForm defaultValues={{ medicalDeviceStatus: 'undetermined', ownerUserId: null }}>
        <ProductFormFields />
      </SimpleForm>
    </Create>
  );
};
