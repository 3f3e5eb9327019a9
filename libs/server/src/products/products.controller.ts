import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ProductDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { ProductBody, UpdateProductBody } from './products.dto';
import { PRODUCT_LIST, ProductsService } from './products.service';
import { AcceptsFullRecord } from '../http/full-record';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @RequirePermission('journeys.read')
  @ApiList(PRODUCT_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(PRODUCT_LIST) query: ListQuery): Promise<Page<ProductDto>> {
    return this.products.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProductDto> {
    return this.products.get(actor, id);
  }

  @Post()
  @RequirePermission('journeys.write')
  create(@CurrentActor() actor: Actor, @Body() body: ProductBody): Promise<ProductDto> {
    return this.products.create(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('journeys.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateProductBody): Promise<ProductDto> {
    return this.products.update(actor, id, body);
  }

  @Delete(':id')
  @RequirePermission('journeys.write')
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProductDto> {
    return this.products.remove(actor, id);
  }
}
