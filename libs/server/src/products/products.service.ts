import { Injectable } from '@nestjs/common';
import type { ProductDto } from '@pairline/contracts';
import { diffFields, DomainError, MEDICAL_DEVICE_STATUSES } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import type { ProductBody } from './products.dto';
import { ProductEntity } from './product.entity';

export const PRODUCT_LIST: ListSpec<'id' | 'name' | 'medicalDeviceStatus' | 'ownerUserId' | 'createdAt' | 'updatedAt'> = {
  resource: 'products',
  fields: { id: 'p.id', name: 'p.name', medicalDeviceStatus: 'p.medical_device_status', ownerUserId: 'p.owner_user_id', createdAt: 'p.created_at', updatedAt: 'p.updated_at' },
  sortable: ['name', 'medicalDeviceStatus', 'createdAt', 'updatedAt'],
  filterable: { id: 'uuid', medicalDeviceStatus: { oneOf: MEDICAL_DEVICE_STATUSES }, ownerUserId: 'uuid' },
  searchable: ['name'],
  defaultSort: { field: 'name', order: 'ASC' },
  tieBreaker: 'p.id',
};

type ProductRow = Omit<ProductEntity, 'owner'> & { ownerName?: string | null; owner?: { name: string } | null; journeyCount?: number };

const toDto = (p: ProductRow): ProductDto => ({
  id: p.id,
  name: p.name,
  productVersion: p.productVersion,
  useCase: p.useCase,
  intendedUsers: p.intendedUsers,
  medicalDeviceStatus: p.medicalDeviceStatus,
  ownerUserId: p.ownerUserId,
  ownerName: p.ownerName ?? p.owner?.name ?? null,
  journeyCount: Number(p.journeyCount ?? 0),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
  version: p.version,
});

/** The fields an audit event records (everything a user can change). */
const audited = (p: Pick<ProductEntity, 'name' | 'productVersion' | 'useCase' | 'intendedUsers' | 'medicalDeviceStatus' | 'ownerUserId'>) => ({
  name: p.name,
  productVersion: p.productVersion,
  useCase: p.useCase,
  intendedUsers: p.intendedUsers,
  medicalDeviceStatus: p.medicalDeviceStatus,
  ownerUserId: p.ownerUserId,
});

const normalise = (body: ProductBody) => ({
  name: body.name.trim(),
  productVersion: body.productVersion?.trim() || null,
  useCase: body.useCase.trim(),
  intendedUsers: body.intendedUsers.trim(),
  medicalDeviceStatus: body.medicalDeviceStatus,
  ownerUserId: body.ownerUserId ?? null,
});

@Injectable()
export class ProductsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  private async load(manager: EntityManager, organisationId: string, id: string): Promise<ProductRow> {
    const product = await manager.getRepository(ProductEntity).findOne({ where: { organisationId, id }, relations: { owner: true } });
    if (!product) throw new DomainError('not_found', 'product_not_found', 'No such product in this organisation.');
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM "journey" WHERE "product_id" = $1`, [id]);
    return Object.assign(product, { journeyCount: n as number });
  }

  list(actor: Actor, query: ListQuery): Promise<Page<ProductDto>> {
    return this.db.transaction(async (manager) => {
      const page = await findPage<ProductRow>(
        manager,
        {
          select: `${entityColumns(manager, ProductEntity, 'p')}, owner."name" AS "ownerName"`,
          from: `"product" p LEFT JOIN "app_user" owner ON owner."id" = p."owner_user_id"`,
          where: `p."organisation_id" = $1`,
          params: [actor.organisationId],
        },
        query,
        PRODUCT_LIST,
      );
      const counts: { product_id: string; n: number }[] = page.items.length
        ? await manager.query(`SELECT "product_id", count(*)::int AS n FROM "journey" WHERE "product_id" = ANY($1::uuid[]) GROUP BY 1`, [page.items.map((p) => p.id)])
        : [];
      const byId = new Map(counts.map((c) => [c.product_id, c.n]));
      return page.map((p) => toDto({ ...p, journeyCount: byId.get(p.id) ?? 0 }));
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<ProductDto> {
    return this.db.transaction(async (manager) => toDto(await this.load(manager, actor.organisationId, id)), tenantOf(actor));
  }

  create(actor: Actor, body: ProductBody): Promise<ProductDto> {
    return this.db.transaction(async (manager) => {
      const values = normalise(body);
      await assertMembers(manager, actor.organisationId, [values.ownerUserId]);
      const saved = await manager.getRepository(ProductEntity).save({ organisationId: actor.organisationId, ...values });
      await this.audit.record(manager, authorOf(actor), { action: 'product.created', entityType: 'product', entityId: saved.id, changes: diffFields(null, audited(values)) });
      return toDto(await this.load(manager, actor.organisationId, saved.id));
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, body: ProductBody & { version: number }): Promise<ProductDto> {
    return this.db.transaction(async (manager) => {
      const before = await this.load(manager, actor.organisationId, id);
      if (before.version !== body.version) throw staleVersion('product');
      const values = normalise(body);
      const changes = diffFields(audited(before), audited(values));
      if (!changes) return toDto(before);
      await assertMembers(manager, actor.organisationId, [values.ownerUserId]);
      const result = await manager
        .createQueryBuilder()
        .update(ProductEntity)
        .set({ ...values, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: body.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('product');
      await this.audit.record(manager, authorOf(actor), { action: 'product.updated', entityType: 'product', entityId: id, changes });
      return toDto(await this.load(manager, actor.organisationId, id));
    }, tenantOf(actor));
  }

  remove(actor: Actor, id: string): Promise<ProductDto> {
    return this.db.transaction(async (manager) => {
      const product = await this.load(manager, actor.organisationId, id);
      if (Number(product.journeyCount) > 0) {
        throw new DomainError('unprocessable', 'product_has_journeys', `${product.name} has ${product.journeyCount} journey(s): withdraw them instead; a product with history is kept.`);
      }
      await manager.getRepository(ProductEntity).delete({ id });
      await this.audit.record(manager, authorOf(actor), { action: 'product.deleted', entityType: 'product', entityId: id, changes: diffFields(audited(product), null) });
      return toDto(product);
    }, tenantOf(actor));
  }
}
