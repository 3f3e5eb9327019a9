import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '@pairline/domain';
import { IsOptional, IsUUID } from 'class-validator';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import type { ScalDto } from './scals.dto';

export class ScalLookupQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The SCAL this journey answers (at most one)' })
  @IsOptional()
  @IsUUID()
  journeyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The product's SCALs (one per journey, or shared)" })
  @IsOptional()
  @IsUUID()
  productId?: string;
}

interface LookupRow {
  id: string;
  product_id: string;
  created_at: Date;
  version: number;
  journey_ids: string[];
  template_id: string;
  template_key: string;
  template_version: number;
  template_name: string;
  template_baseline: boolean;
}

/**
 * Finds SCALs by the journey or product they serve: the journey page knows its journey, not its
 * SCAL's id. Not a paged list: a journey has at most one SCAL and a product one per journey.
 */
@Injectable()
export class ScalLookupService {
  constructor(private readonly db: Db) {}

  find(actor: Actor, query: ScalLookupQuery): Promise<ScalDto[]> {
    if (!query.journeyId && !query.productId) throw new DomainError('invalid', 'scal_lookup_unbounded', 'Give journeyId or productId.', { field: 'journeyId' });
    return this.db.transaction(async (manager) => {
      const rows: LookupRow[] = await manager.query(
        `SELECT s."id", s."product_id", s."created_at", s."version",
           ARRAY(SELECT l."journey_id"::text FROM "scal_journey" l WHERE l."scal_id" = s."id" ORDER BY l."journey_id") AS "journey_ids",
           t."id" AS "template_id", t."key" AS "template_key", t."version" AS "template_version", t."name" AS "template_name", t."baseline" AS "template_baseline"
         FROM "scal" s JOIN "scal_template" t ON t."id" = s."template_id"
         WHERE s."organisation_id" = $1
           AND ($2::uuid IS NULL OR s."id" = (SELECT j."scal_id" FROM "scal_journey" j WHERE j."journey_id" = $2))
           AND ($3::uuid IS NULL OR s."product_id" = $3)
         ORDER BY s."created_at", s."id"`,
        [actor.organisationId, query.journeyId ?? null, query.productId ?? null],
      );
      return rows.map((r) => ({
        id: r.id,
        productId: r.product_id,
        journeyIds: r.journey_ids,
        template: { id: r.template_id, key: r.template_key, version: Number(r.template_version), name: r.template_name, baseline: r.template_baseline },
        createdAt: new Date(r.created_at).toISOString(),
        version: Number(r.version),
      }));
    }, tenantOf(actor));
  }
}
