import { ProviderSupplierEntity } from '../reference-data/provider-supplier.entity';

/** Every TypeORM entity, listed explicitly so the build needs no file globbing. */
export const ENTITIES = [ProviderSupplierEntity];
