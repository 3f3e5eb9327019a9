import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditTrail } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
