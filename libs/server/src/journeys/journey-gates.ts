import { Injectable } from '@nestjs/common';
import { builtInGates, type GateEvaluator, type GateRegistry, type RouteAdvice } from '@pairline/domain';
import type { EntityManager } from 'typeorm';

/** Loads what a feature knows about a journey, for its gate conditions to read. */
export type GateFactLoader = (manager: EntityManager, journeyId: string, organisationId: string) => Promise<unknown>;

/** Reads the loaded facts for a route a stage with alternative routes should take (e.g. witness testing asked for). */
export type RouteAdviser = (routes: readonly { readonly key: string }[], facts: Readonly<Record<string, unknown>>) => RouteAdvice | null;

/**
 * The gate conditions journeys are checked against. Features that add conditions (SCAL state,
 * hazard log approval) register an evaluator and, when it needs data, a loader whose result the
 * evaluator finds in `facts[kind]`, from their module's `onModuleInit`.
 */
@Injectable()
export class JourneyGates {
  readonly registry: GateRegistry = builtInGates();
  private readonly loaders = new Map<string, GateFactLoader>();
  private readonly advisers: RouteAdviser[] = [];

  register(kind: string, evaluator: GateEvaluator, loader?: GateFactLoader): void {
    this.registry.register(kind, evaluator);
    if (loader) this.loaders.set(kind, loader);
  }

  registerRouteAdviser(adviser: RouteAdviser): void {
    this.advisers.push(adviser);
  }

  /** The first adviser's word on a stage's routes, or null (also for a stage without routes). */
  routeAdvice(routes: readonly { readonly key: string }[], facts: Readonly<Record<string, unknown>>): RouteAdvice | null {
    if (routes.length === 0) return null;
    for (const advise of this.advisers) {
      const advice = advise(routes, facts);
      if (advice) return advice;
    }
    return null;
  }

  async facts(manager: EntityManager, journeyId: string, organisationId: string): Promise<Record<string, unknown>> {
    const facts: Record<string, unknown> = {};
    // A loader registered for several kinds (one feature, several conditions) runs once.
    const loaded = new Map<GateFactLoader, unknown>();
    for (const [kind, load] of this.loaders) {
      if (!loaded.has(load)) loaded.set(load, await load(manager, journeyId, organisationId));
      facts[kind] = loaded.get(load);
    }
    return facts;
  }
}
