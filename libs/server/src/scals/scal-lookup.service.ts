import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ListQueryParams } from '../listing/list-params.decorator';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import type { ScalDto } from './scals.dto';
import { Optional } from '../errors/validation';

/** The list parameters, and `journeyId` / `productId` as plain parameters too (what the web sends). */
export class ScalLookupQuery extends ListQueryParams {
  @ApiPropertyOptional({ format: 'uuid', description: 'The SCAL this journey answers (at most one)' })
  @Optional()
  @IsUUID()
  journeyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The product's SCALs (one per journey, or shared)" })
  @Optional()
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

export const SCAL_LIST: ListSpec<'id' | 'productId' | 'journeyId' | 'templateId' | 'createdAt'> = {
  resource: 'scals',
  // journeyId is read through the SCAL's journey links, not a column of its own (see find).
  fields: { id: 's."id"', productId: 's."product_id"', journeyId: 'l."journey_id"', templateId: 's."template_id"', createdAt: 's."created_at"' },
  sortable: ['createdAt'],
  filterable: { id: 'uuid', productId: 'uuid', journeyId: 'uuid', templateId: 'uuid' },
  defaultSort: { field: 'createdAt', order: 'ASC' },
  tieBreaker: 's."id"',
};

const SCAL_COLUMNS = `s."id", s."product_id", s."created_at", s."version",
  ARRAY(SELECT l."journey_id"::text FROM "scal_journey" l WHERE l."scal_id" = s."id" ORDER BY l."journey_id") AS "journey_ids",
  t."id" AS "template_id", t."key" AS "template_key", t."version" AS "template_version", t."name" AS "template_name", t."baseline" AS "template_baseline"`;

const toDto = (r: LookupRow): ScalDto => ({
  id: r.id,
  productId: r.product_id,
  journeyIds: r.journey_ids,
  template: { id: r.template_id, key: r.template_key, version: Number(r.template_version), name: r.template_name, baseline: r.template_baseline },
  createdAt: new Date(r.created_at).toISOString(),
  version: Number(r.version),
});

/**
 * The organisation's SCALs as a list, usually found by the journey or product they serve (the
 * journey page knows its journey, not its SCAL's id): `journeyId` and `productId` are filters, also
 * accepted as plain query parameters.
 */
@Injectable()
export class ScalLookupService {
  constructor(private readonly db: Db) {}

  find(actor: Actor, query: ListQuery, shortcuts: ScalLookupQuery = {}): Promise<Page<ScalDto>> {
    const byJourney = query.filters.find((f) => f.column === SCAL_LIST.fields.journeyId);
    const filters = query.filters.filter((f) => f !== byJourney);
    if (shortcuts.productId) filters.push({ column: SCAL_LIST.fields.productId, values: [shortcuts.productId] });
    const journeyIds = [...(byJourney?.values ?? []), ...(shortcuts.journeyId ? [shortcuts.journeyId] : [])];
    // A SCAL serves several journeys: asking for journeys is asking for the SCALs linked to them.
    const where = journeyIds.length
      ? `s."organisation_id" = $1 AND s."id" IN (SELECT l."scal_id" FROM "scal_journey" l WHERE l."journey_id" = ANY($2::uuid[]))`
      : `s."organisation_id" = $1`;
    const params = journeyIds.length ? [actor.organisationId, journeyIds] : [actor.organisationId];
    return this.db.transaction(
      (manager) => findPage(manager, { select: SCAL_COLUMNS, from: `"scal" s JOIN "scal_template" t ON t."id" = s."template_id"`, where, params }, { ...query, filters }, SCAL_LIST, toDto),
      tenantOf(actor),
    );
  }
}
