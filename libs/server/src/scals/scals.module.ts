import { Module, type OnModuleInit } from '@nestjs/common';
import { SCAL_GATE_EVALUATORS, SCAL_GATE_KINDS, scalRouteAdvice } from '@pairline/domain';
import { JourneyGates, type GateFactLoader } from '../journeys/journey-gates';
import { JourneysModule } from '../journeys/journeys.module';
import { ScalCommentsService } from './scal-comments.service';
import { ScalEvidenceReferences } from './scal-evidence-references';
import { ScalExportService } from './scal-export.service';
import { ScalLookupService } from './scal-lookup.service';
import { ScalReviewsController } from './scal-reviews.controller';
import { ScalSnapshotsService } from './scal-snapshots.service';
import { ScalsController } from './scals.controller';
import { ScalsService } from './scals.service';
import { ScalWorkbooksService } from './scal-workbooks.service';

/** SCALs being answered for journeys, and the journey gates that read them. */
@Module({
  imports: [JourneysModule],
  controllers: [ScalsController, ScalReviewsController],
  providers: [ScalsService, ScalWorkbooksService, ScalLookupService, ScalCommentsService, ScalSnapshotsService, ScalExportService, ScalEvidenceReferences],
  // ScalEvidenceReferences: the evidence feature registers its loader there (see that class).
  exports: [ScalsService, ScalEvidenceReferences],
})
export class ScalsModule implements OnModuleInit {
  constructor(
    private readonly gates: JourneyGates,
    private readonly scals: ScalsService,
  ) {}

  onModuleInit(): void {
    const load: GateFactLoader = (manager, journeyId, organisationId) => this.scals.gateFacts(manager, journeyId, organisationId);
    for (const kind of SCAL_GATE_KINDS) this.gates.register(kind, SCAL_GATE_EVALUATORS[kind], load);
    this.gates.registerRouteAdviser(scalRouteAdvice);
  }
}
