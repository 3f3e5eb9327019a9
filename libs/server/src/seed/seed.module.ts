import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity.module';
import { JourneysModule } from '../journeys/journeys.module';
import { ScalTemplatesModule } from '../scal-templates/scal-templates.module';
import { ScalsModule } from '../scals/scals.module';
import { ClinicalSafetyModule } from '../clinical-safety/clinical-safety.module';
import { DemoHazardLog } from './demo-hazard-log';
import { DemoJourneys } from './demo-journeys';
import { DemoSeed } from './demo-seed';

/** The embedded default's demo organisation, accounts and journeys. */
@Module({
  imports: [IdentityModule, JourneysModule, ScalTemplatesModule, ScalsModule, ClinicalSafetyModule],
  providers: [DemoSeed, DemoJourneys, DemoHazardLog],
  exports: [DemoSeed],
})
export class SeedModule {}
