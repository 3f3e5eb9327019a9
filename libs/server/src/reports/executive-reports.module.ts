import { Module } from '@nestjs/common';
import { JourneysModule } from '../journeys/journeys.module';
import { TimelineModule } from '../timeline/timeline.module';
import { ExecutiveReportsController } from './executive-reports.controller';
import { ExecutiveReportsService } from './executive-reports.service';

@Module({ imports: [JourneysModule, TimelineModule], controllers: [ExecutiveReportsController], providers: [ExecutiveReportsService], exports: [ExecutiveReportsService] })
export class ExecutiveReportsModule {}
