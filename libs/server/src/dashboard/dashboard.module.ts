import { Module } from '@nestjs/common';
import { JourneysModule } from '../journeys/journeys.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({ imports: [JourneysModule], controllers: [DashboardController], providers: [DashboardService] })
export class DashboardModule {}
