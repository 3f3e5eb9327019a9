import { Module } from '@nestjs/common';
import { MechanismsController } from './mechanisms.controller';
import { ProviderSuppliersController } from './provider-suppliers.controller';
import { ProviderSuppliersService } from './provider-suppliers.service';

/** Global reference data (provider suppliers, mechanisms, IM1 availability, journey templates), read by every organisation. */
@Module({
  controllers: [ProviderSuppliersController, MechanismsController],
  providers: [ProviderSuppliersService],
})
export class ReferenceDataModule {}
