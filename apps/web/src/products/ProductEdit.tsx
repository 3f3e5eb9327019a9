import DeleteIcon from '@mui/icons-material/Delete';
import { Button, Tooltip, Typography } from '@mui/material';
import type { ProductDto } from '@pairline/contracts';
import {
  DeleteWithConfirmButton,
  Edit,
  SaveButton,
  SimpleForm,
  Toolbar,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
} from 'react-admin';
import { errorCode, errorMessage } from '../auth';
import { ProductFormFields, toProductInput } from './ProductForm';

const ProductTitle = () => {
  const record = useRecordContext<ProductDto>();
  return <span>{record ? `Edit product: ${record.name}` : 'Edit product'}</span>;
};

/**
 * A product with journeys is kept (the API refuses with 422): withdraw its journeys instead. The
 * button says so rather than offering what would be refused.
 */
export const DeleteProductButton = () => {
  const record = useRecordContext<ProductDto>();
  const notify = useNotify();
  if (!record) return null;
  if (record.journeyCount > 0) {
    return (
      <Tooltip title={`${record.name} has ${record.journeyCount} journey${record.journeyCount === 1 ? '' : 's'}: a product with history is kept. Withdraw its journeys instead.`}>
        <span>
          <Button color="error" disabled startIcon={<DeleteIcon />} data-testid="delete-product">
            Delete product
          </Button>
        </span>
      </Tooltip>
    );
  }
  return (
    <DeleteWithConfirmButton
      label="Delete product"
      confirmTitle={`Delete ${record.name}?`}
      confirmContent={<Typography variant="body2">The product is removed; the audit log keeps its history.</Typography>}
      mutationMode="pessimistic"
      mutationOptions={{ onError: (error) => notify(errorMessage(error), { type: 'error' }) }}
      successMessage="Product deleted"
      data-testid="delete-product"
      redirect="list"
    />
  );
};

const ProductEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteProductButton />
  </Toolbar>
);

export const ProductEdit = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  return (
    <Edit<ProductDto>
      title={<ProductTitle />}
      mutationMode="pessimistic"
      transform={(data: ProductDto) => ({ ...toProductInput(data), version: data.version })}
      mutationOptions={{
        onSuccess: (product: ProductDto) => {
          notify(`Product ${product.name} saved`, { type: 'success' });
          redirect('show', 'products', product.id);
        },
        onError: (error) => {
          notify(errorMessage(error), { type: 'error' });
          if (errorCode(error) === 'stale_version') refresh();
        },
      }}
    >
      <SimpleForm toolbar={<ProductEditToolbar />}>
        <ProductFormFields />
      </SimpleForm>
    </Edit>
  );
};
