import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity.module';
import { JourneysModule } from '../journeys/journeys.module';
import { DemoJourneys } from './demo-journeys';
import { DemoSeed } from './demo-seed';

/** The embedded default's demo organisation, accounts and journeys. */
@Module({
  imports: [IdentityModule, JourneysModule],
  providers: [DemoSeed, DemoJourneys],
  exports: [DemoSeed],
})
export class SeedModule {}
