import { Module } from '@nestjs/common';
import { JourneysModule } from '../journeys/journeys.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

@Module({ imports: [JourneysModule], controllers: [TimelineController], providers: [TimelineService], exports: [TimelineService] })
export class TimelineModule {}
