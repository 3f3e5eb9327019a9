import { Module } from '@nestjs/common';
import { BlockingItemsController } from '../blocking-items/blocking-items.controller';
import { BlockingItemsService } from '../blocking-items/blocking-items.service';
import { ChangeFreezesController } from '../change-freezes/change-freezes.controller';
import { ChangeFreezesService } from '../change-freezes/change-freezes.service';
import { PortfolioController } from '../portfolio/portfolio.controller';
import { PortfolioService } from '../portfolio/portfolio.service';
import { ProductsController } from '../products/products.controller';
import { ProductsService } from '../products/products.service';
import { JourneyChanges } from './journey-changes';
import { JourneyFollowers } from './journey-followers.service';
import { JourneyGates } from './journey-gates';
import { JourneyViews } from './journey-views';
import { JourneysController } from './journeys.controller';
import { JourneysService } from './journeys.service';

/** Products, pairing journeys and their stages, blocking items, change freezes and the portfolio. */
@Module({
  controllers: [ProductsController, JourneysController, BlockingItemsController, ChangeFreezesController, PortfolioController],
  providers: [ProductsService, JourneysService, JourneyFollowers, JourneyViews, JourneyGates, JourneyChanges, BlockingItemsService, ChangeFreezesService, PortfolioService],
  exports: [ProductsService, JourneysService, JourneyGates, JourneyChanges, JourneyViews, BlockingItemsService, ChangeFreezesService, PortfolioService],
})
export class JourneysModule {}
