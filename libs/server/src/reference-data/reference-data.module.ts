import { Module } from '@nestjs/common';
import { ProviderSuppliersController } from './provider-suppliers.controller';
import { ProviderSuppliersService } from './provider-suppliers.service';

/** Global reference data (provider suppliers; later mechanisms and availability), read by every organisation. */
@Module({
  controllers: [ProviderSuppliersController],
  providers: [ProviderSuppliersService],
})
export class ReferenceDataModule {}
