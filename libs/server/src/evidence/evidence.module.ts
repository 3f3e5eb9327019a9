import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScalEvidenceReferences } from '../scals/scal-evidence-references';
import { ScalsModule } from '../scals/scals.module';
import { ClamavScanner } from './clamav';
import { EvidenceController } from './evidence.controller';
import { EVIDENCE_SCANNER, EvidenceService } from './evidence.service';

/** The evidence vault: items, revisions, stored files (local disk or S3), scanning, and links to SCAL requirements. */
@Module({
  imports: [ScalsModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    { provide: EVIDENCE_SCANNER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.evidence.clamav ? new ClamavScanner(config.evidence.clamav) : null) },
  ],
  exports: [EvidenceService],
})
export class EvidenceModule implements OnModuleInit {
  constructor(
    private readonly references: ScalEvidenceReferences,
    private readonly evidence: EvidenceService,
  ) {}

  /** SCAL snapshots and exports record each requirement's evidence through this loader. */
  onModuleInit(): void {
    this.references.register((manager, scal) => this.evidence.scalEvidenceReferences(manager, scal));
  }
}
