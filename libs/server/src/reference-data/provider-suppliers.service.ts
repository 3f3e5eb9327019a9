import { Injectable } from '@nestjs/common';
import type { ProviderSupplierDto } from '@pairline/contracts';
import { DomainError, type ProviderSupplierKey } from '@pairline/domain';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { ProviderSupplierEntity } from './provider-supplier.entity';

export const PROVIDER_SUPPLIER_LIST: ListSpec<'id' | 'name' | 'systemName' | 'shortName' | 'statusUnconfirmed'> = {
  resource: 'provider-suppliers',
  fields: {
    id: 'ps.key',
    name: 'ps.name',
    systemName: 'ps.system_name',
    shortName: 'ps.short_name',
    statusUnconfirmed: 'ps.status_unconfirmed',
  },
  sortable: ['name', 'systemName', 'shortName'],
  filterable: { id: 'text', statusUnconfirmed: 'boolean' },
  searchable: ['name', 'systemName', 'shortName'],
  defaultSort: { field: 'name', order: 'ASC' },
  tieBreaker: 'ps.key',
};

const toDto = (row: ProviderSupplierEntity): ProviderSupplierDto => ({
  id: row.key as ProviderSupplierKey,
  name: row.name,
  systemName: row.systemName,
  shortName: row.shortName,
  statusUnconfirmed: row.statusUnconfirmed,
  statusNote: row.statusNote,
  source: row.source,
});

@Injectable()
export class ProviderSuppliersService {
  constructor(private readonly db: Db) {}

  list(query: ListQuery): Promise<Page<ProviderSupplierDto>> {
    return this.db.transaction(async (manager) => {
      // Global reference data: no tenant scope.
      const source = { select: entityColumns(manager, ProviderSupplierEntity, 'ps'), from: `"provider_supplier" ps`, where: 'TRUE', params: [] };
      return findPage(manager, source, query, PROVIDER_SUPPLIER_LIST, toDto);
    });
  }

  get(id: string): Promise<ProviderSupplierDto> {
    return this.db.transaction(async (manager) => {
      const row = await manager.getRepository(ProviderSupplierEntity).findOneBy({ key: id });
      if (!row) throw new DomainError('not_found', 'provider_supplier_not_found', `No provider supplier "${id}".`);
      return toDto(row);
    });
  }
}
