import { Module, type OnModuleInit } from '@nestjs/common';
import { HAZARD_LOG_GATE_EVALUATORS, HAZARD_LOG_GATE_KINDS } from '@pairline/domain';
import { JourneyGates, type GateFactLoader } from '../journeys/journey-gates';
import { JourneysModule } from '../journeys/journeys.module';
import {
  ClinicalSafetyOfficersController,
  HazardControlsController,
  HazardLibraryController,
  HazardLogVersionsController,
  HazardsController,
  RiskPlansController,
} from './clinical-safety.controllers';
import { HazardLibraryService } from './hazard-library.service';
import { hazardLogGateFacts } from './hazard-log.store';
import { HazardLogVersionsService } from './hazard-log-versions.service';
import { HazardsService } from './hazards.service';
import { RiskPlansService } from './risk-plans.service';

/** The DCB0129 clinical safety file, and the journey gate its approved hazard log answers. */
@Module({
  imports: [JourneysModule],
  controllers: [RiskPlansController, ClinicalSafetyOfficersController, HazardsController, HazardControlsController, HazardLogVersionsController, HazardLibraryController],
  providers: [RiskPlansService, HazardsService, HazardLogVersionsService, HazardLibraryService],
  exports: [RiskPlansService, HazardsService, HazardLogVersionsService],
})
export class ClinicalSafetyModule implements OnModuleInit {
  constructor(private readonly gates: JourneyGates) {}

  onModuleInit(): void {
    const load: GateFactLoader = (manager, journeyId, organisationId) => hazardLogGateFacts(manager, journeyId, organisationId);
    for (const kind of HAZARD_LOG_GATE_KINDS) this.gates.register(kind, HAZARD_LOG_GATE_EVALUATORS[kind], load);
  }
}
