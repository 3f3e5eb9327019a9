import Inventory2Icon from '@mui/icons-material/Inventory2';
import type { ProductDto } from '@pairline/contracts';
import { ProductCreate } from './ProductCreate';
import { ProductEdit } from './ProductEdit';
import { ProductList } from './ProductList';
import { ProductShow } from './ProductShow';

/** The consumer supplier's products; create and edit need `journeys.write`. */
export default {
  list: ProductList,
  show: ProductShow,
  create: ProductCreate,
  edit: ProductEdit,
  icon: Inventory2Icon,
  recordRepresentation: (record: ProductDto) => record.name,
  options: { label: 'Products' },
};
