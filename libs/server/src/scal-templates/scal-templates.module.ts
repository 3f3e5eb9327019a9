import { Module } from '@nestjs/common';
import { ScalImportRunsService } from './scal-import-runs.service';
import { ScalTemplatesController } from './scal-templates.controller';
import { ScalTemplatesService } from './scal-templates.service';

/** SCAL templates: the built-in baseline copied into an organisation, and imported workbooks. */
@Module({
  controllers: [ScalTemplatesController],
  providers: [ScalTemplatesService, ScalImportRunsService],
  exports: [ScalTemplatesService],
})
export class ScalTemplatesModule {}
