import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditCheckpointSchedule, AuditCheckpointsProcessor } from './audit-checkpoints.processor';
import { AuditController } from './audit.controller';
import { AuditTrail } from './audit.service';

@Global()
@Module({})
export class AuditModule {
  /** `consume`: this process signs the periodic checkpoints (the worker, or the API running it in-process). */
  static register({ consume }: { consume: boolean }): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [AuditTrail, AuditCheckpoints, ...(consume ? [AuditCheckpointsProcessor, AuditCheckpointSchedule] : [])],
      exports: [AuditTrail, AuditCheckpoints],
    };
  }
}
