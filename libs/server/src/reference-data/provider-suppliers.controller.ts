import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ProviderSupplierDto } from '@pairline/contracts';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { PROVIDER_SUPPLIER_LIST, ProviderSuppliersService } from './provider-suppliers.service';

@ApiTags('reference data')
@RequirePermission('reference.read')
@Controller('provider-suppliers')
export class ProviderSuppliersController {
  constructor(private readonly service: ProviderSuppliersService) {}

  @Get()
  @ApiList(PROVIDER_SUPPLIER_LIST)
  @ApiOkResponse({ description: 'GP system suppliers that IM1 pairings are made with' })
  list(@ListParams(PROVIDER_SUPPLIER_LIST) query: ListQuery): Promise<Page<ProviderSupplierDto>> {
    return this.service.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ProviderSupplierDto> {
    return this.service.get(id);
  }
}
