import { Injectable } from '@nestjs/common';
import {
  answerRequirement,
  applyReturnedAnswer,
  assignRequirement,
  diffFields,
  DomainError,
  isAgreed,
  isFullyCompleted,
  SCAL_STAGE_LABELS,
  scalProgress,
  SCAL_LEVELS,
  SCAL_REQUIREMENT_STATUSES,
  SCAL_RESPONSES,
  initialRequirementState,
  transitionRequirement,
  type ImportedAnswer,
  type ScalGateFacts,
  type ScalRequirement,
  type ScalRequirementState,
  type ScalSection,
  type ScalStage,
  type ScalTemplate,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { queryRows } from '../database/query-rows';
import { findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { ScalEntity, ScalJourneyEntity } from './scal.entity';
import { Clock } from '../calendar/calendar.module';
import { DatedItemChanges } from '../calendar/dated-item-changes';
import { withLinkedEvidence } from '../evidence/linked-evidence';
import type { CreateScalBody, JoinScalBody, ScalBulkBody, ScalBulkResultDto, ScalDetailDto, ScalRequirementAnswerDto, UpdateScalRequirementBody } from './scals.dto';

/** The `response` filter's value for a requirement nobody has answered yet. */
export const NO_RESPONSE = 'none';

/**
 * A requirement needs attention when evidence linked to it has lapsed: its latest approved
 * revision expired before `today` (the same rule as the rows' `needsAttention`, evidenceAttention
 * in the domain). `$2` is the SCAL; `today` is a bound parameter.
 */
const needsAttentionSql = (today: string) => `EXISTS (SELECT 1 FROM "evidence_link" l
  CROSS JOIN LATERAL (SELECT rv."expires_on" FROM "evidence_revision" rv WHERE rv."item_id" = l."evidence_id" AND rv."status" = 'approved' ORDER BY rv."number" DESC LIMIT 1) ar
  WHERE l."scal_id" = $2 AND l."requirement_identifier" = r."identifier" AND ar."expires_on" < ${today}::date)`;

export const SCAL_ANSWER_LIST: ListSpec<'id' | 'identifier' | 'section' | 'level' | 'status' | 'response' | 'needsAttention' | 'ownerUserId' | 'dueOn' | 'position' | 'description'> = {
  resource: 'scal-requirements',
  fields: {
    // A requirement is named by its identifier within a SCAL.
    id: 'r."identifier"',
    identifier: 'r."identifier"',
    section: 'r."section"',
    level: 'r."level"',
    status: `coalesce(a."status", 'not_started')`,
    response: `coalesce(a."response", '${NO_RESPONSE}')`,
    // The list binds today as $4 when this filter is used (see requirements()).
    needsAttention: needsAttentionSql('$4'),
    ownerUserId: 'a."owner_user_id"',
    dueOn: 'a."due_on"',
    position: 'r."position"',
    description: 'r."description"',
  },
  sortable: ['identifier', 'section', 'level', 'status', 'dueOn', 'position'],
  filterable: {
    id: 'text',
    identifier: 'text',
    section: 'text',
    level: { oneOf: SCAL_LEVELS },
    status: { oneOf: SCAL_REQUIREMENT_STATUSES },
    response: { oneOf: [...SCAL_RESPONSES, NO_RESPONSE] },
    needsAttention: 'boolean',
    ownerUserId: 'uuid',
  },
  searchable: ['identifier', 'description'],
  defaultSort: { field: 'position', order: 'ASC' },
  tieBreaker: 'r."id"',
};

interface AnswerRow {
  identifier: string;
  section: string;
  section_name: string;
  description: string;
  evidence_required: string | null;
  environment: ScalRequirementAnswerDto['environment'];
  level: ScalRequirementAnswerDto['level'];
  position: number;
  response: ScalRequirementAnswerDto['response'];
  justification: string | null;
  owner_user_id: string | null;
  due_on: string | null;
  status: ScalRequirementAnswerDto['status'];
  rejection_reason: string | null;
  heading: string | null;
  review_verdict: ScalRequirementAnswerDto['reviewVerdict'];
  review_comment: string | null;
  updated_at: Date | null;
  version: number;
  comment_count: number;
  open_threads: number;
}

/** Reviewer comments per row: probes of one index, evaluated only for the rows a page returns. */
const COMMENT_COUNTS = `(SELECT count(*) FROM "scal_comment" c WHERE c."scal_id" = $2 AND c."identifier" = r."identifier")::int AS "comment_count",
  (SELECT count(*) FROM "scal_comment" c WHERE c."scal_id" = $2 AND c."identifier" = r."identifier" AND c."parent_id" IS NULL AND c."resolved_at" IS NULL)::int AS "open_threads"`;

const ANSWER_SELECT = `r."identifier", r."section", r."section_name", r."heading", r."description", r."evidence_required", r."environment", r."level", r."position",
  a."response", a."justification", a."owner_user_id", a."due_on", coalesce(a."status", 'not_started') AS "status", a."rejection_reason", a."review_verdict", a."review_comment",
  a."updated_at", coalesce(a."version", 0) AS "version",
  ${COMMENT_COUNTS}`;
// One answer per (scal, identifier), so the join is to-one and a page is one row per requirement.
const ANSWER_FROM = `"scal_requirement" r LEFT JOIN "scal_answer" a ON a."scal_id" = $2 AND a."identifier" = r."identifier"`;

const toAnswerDto = (r: AnswerRow): ScalRequirementAnswerDto => ({
  identifier: r.identifier,
  section: r.section,
  sectionName: r.section_name,
  heading: r.heading,
  description: r.description,
  evidenceRequired: r.evidence_required,
  environment: r.environment,
  level: r.level,
  position: Number(r.position),
  response: r.response,
  justification: r.justification,
  ownerUserId: r.owner_user_id,
  dueOn: r.due_on,
  status: r.status,
  rejectionReason: r.rejection_reason,
  reviewVerdict: r.review_verdict,
  reviewComment: r.review_comment,
  updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  version: Number(r.version),
  commentCount: Number(r.comment_count),
  openThreads: Number(r.open_threads),
});

const toState = (r: AnswerRow): ScalRequirementState => ({
  identifier: r.identifier,
  response: r.response,
  justification: r.justification,
  owner: r.owner_user_id,
  dueDate: r.due_on,
  status: r.status,
  rejectionReason: r.rejection_reason,
  reviewVerdict: r.review_verdict,
  reviewComment: r.review_comment,
});

/** The fields an audit event compares. */
const audited = (s: ScalRequirementState) => ({
  response: s.response,
  justification: s.justification,
  ownerUserId: s.owner,
  dueOn: s.dueDate,
  status: s.status,
  rejectionReason: s.rejectionReason,
  reviewVerdict: s.reviewVerdict ?? null,
  reviewComment: s.reviewComment ?? null,
});

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A template's requirements as the domain's rules read them (only what the rules need). */
function asTemplate(template: ScalTemplateEntity, rows: readonly AnswerRow[]): ScalTemplate {
  const sections = new Map<string, { key: string; name: string; requirements: ScalRequirement[] }>();
  for (const r of rows) {
    let section = sections.get(r.section);
    if (!section) sections.set(r.section, (section = { key: r.section, name: r.section_name, requirements: [] }));
    section.requirements.push({ identifier: r.identifier, section: r.section, description: r.description, useCase: null, type: null, link: null, testCases: null, evidenceRequired: r.evidence_required, environment: r.environment, level: r.level });
  }
  return { key: template.key, version: template.version, name: template.name, baseline: template.baseline, note: template.sourceNote, sections: [...sections.values()] as ScalSection[] };
}

/** The stage the SCAL was last recorded at (its latest snapshot), or null before any. */
async function latestStage(manager: EntityManager, scalId: string): Promise<ScalDetailDto['stage']> {
  const [latest] = await manager.query(`SELECT "id", "stage", "number", "taken_at" FROM "scal_snapshot" WHERE "scal_id" = $1 ORDER BY "number" DESC LIMIT 1`, [scalId]);
  return latest ? { stage: latest.stage, label: SCAL_STAGE_LABELS[latest.stage as ScalStage], snapshotId: latest.id, number: Number(latest.number), takenAt: new Date(latest.taken_at).toISOString() } : null;
}

@Injectable()
export class ScalsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly datedItems: DatedItemChanges,
  ) {}

  private async load(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<ScalEntity> {
    // Locking the SCAL serialises writes to its answers, so a bulk change sees one consistent set of rows.
    const scal = await manager.getRepository(ScalEntity).findOne({ where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
    return scal;
  }

  /** What the requirement list needs of the SCAL, as a prepared statement: the list is the hot read. */
  private async listed(manager: EntityManager, organisationId: string, id: string): Promise<Pick<ScalEntity, 'id' | 'templateId'>> {
    const [scal] = await queryRows<{ id: string; template_id: string }>(manager, `SELECT "id", "template_id" FROM "scal" WHERE "organisation_id" = $1 AND "id" = $2`, [organisationId, id]);
    if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
    return { id: scal.id, templateId: scal.template_id };
  }

  private rows(manager: EntityManager, scal: ScalEntity, where = '', params: unknown[] = []): Promise<AnswerRow[]> {
    return manager.query(`SELECT ${ANSWER_SELECT} FROM ${ANSWER_FROM} WHERE r."organisation_id" = $1 AND r."template_id" = $3 ${where} ORDER BY r."position"`, [scal.organisationId, scal.id, scal.templateId, ...params]);
  }

  /** The SCAL as the journey gates read it, or null when the journey has none. */
  async gateFacts(manager: EntityManager, journeyId: string, organisationId: string): Promise<ScalGateFacts> {
    const [link] = await manager.query(`SELECT "scal_id" FROM "scal_journey" WHERE "journey_id" = $1 AND "organisation_id" = $2`, [journeyId, organisationId]);
    if (!link) return null;
    const scal = await this.load(manager, organisationId, link.scal_id);
    const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
    const rows = await this.rows(manager, scal);
    return { template: asTemplate(template, rows), states: rows.map(toState) };
  }

  private async detail(manager: EntityManager, scal: ScalEntity): Promise<ScalDetailDto> {
    const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
    const rows = await this.rows(manager, scal);
    const journeys: { journey_id: string }[] = await manager.query(`SELECT "journey_id" FROM "scal_journey" WHERE "scal_id" = $1 ORDER BY "journey_id"`, [scal.id]);
    const domainTemplate = asTemplate(template, rows);
    const states = rows.map(toState);
    return {
      id: scal.id,
      productId: scal.productId,
      journeyIds: journeys.map((j) => j.journey_id),
      template: { id: template.id, key: template.key, version: template.version, name: template.name, baseline: template.baseline },
      createdAt: scal.createdAt.toISOString(),
      version: scal.version,
      progress: scalProgress(domainTemplate, states),
      fullyCompleted: isFullyCompleted(domainTemplate, states),
      agreed: isAgreed(domainTemplate, states),
      openThreads: rows.reduce((n, r) => n + Number(r.open_threads), 0),
      stage: await latestStage(manager, scal.id),
    };
  }

  get(actor: Actor, id: string): Promise<ScalDetailDto> {
    return this.db.transaction(async (manager) => this.detail(manager, await this.load(manager, actor.organisationId, id)), tenantOf(actor));
  }

  create(actor: Actor, body: CreateScalBody): Promise<ScalDetailDto> {
    return this.db.transaction(async (manager) => {
      const template = await manager.getRepository(ScalTemplateEntity).findOne({ where: { organisationId: actor.organisationId, id: body.templateId } });
      if (!template) throw new DomainError('unprocessable', 'scal_template_not_found', 'templateId: no such SCAL template in this organisation.', { field: 'templateId' });
      // Locked so two requests cannot attach different SCALs to one journey between the check and the insert.
      const journeys: { id: string; product_id: string; scal_id: string | null }[] = await manager.query(
        `SELECT j."id", j."product_id", l."scal_id" FROM "journey" j LEFT JOIN "scal_journey" l ON l."journey_id" = j."id" WHERE j."organisation_id" = $1 AND j."id" = ANY($2::uuid[]) FOR UPDATE OF j`,
        [actor.organisationId, body.journeyIds],
      );
      const missing = body.journeyIds.filter((id) => !journeys.some((j) => j.id === id));
      if (missing.length) throw new DomainError('unprocessable', 'journey_not_found', `journeyIds: no such journey in this organisation: ${missing.join(', ')}.`, { field: 'journeyIds', journeyIds: missing });
      const products = [...new Set(journeys.map((j) => j.product_id))];
      if (products.length > 1) throw new DomainError('unprocessable', 'scal_journeys_span_products', 'A SCAL is shared only by journeys of one product; these journeys belong to different products.', { field: 'journeyIds' });
      const taken = journeys.filter((j) => j.scal_id);
      if (taken.length) {
        throw new DomainError('unprocessable', 'journey_has_scal', `These journeys already have a SCAL: ${taken.map((j) => j.id).join(', ')}.`, { field: 'journeyIds', journeyIds: taken.map((j) => j.id) });
      }
      const scal = await manager.getRepository(ScalEntity).save({ organisationId: actor.organisationId, templateId: template.id, productId: products[0] });
      await manager.getRepository(ScalJourneyEntity).insert(body.journeyIds.map((journeyId) => ({ organisationId: actor.organisationId, scalId: scal.id, journeyId })));
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal.created',
        entityType: 'scal',
        entityId: scal.id,
        changes: diffFields(null, { template: `${template.key} v${template.version}`, templateId: template.id, productId: scal.productId, journeyIds: [...body.journeyIds].sort() }),
      });
      await this.seedImportedAnswers(manager, actor, scal, template);
      return this.detail(manager, await this.load(manager, actor.organisationId, scal.id));
    }, tenantOf(actor));
  }

  /**
   * Adds a journey to a SCAL its product already has, so a journey started later reuses the
   * product's answers and evidence instead of starting a SCAL of its own. The journey's gates read
   * the shared SCAL from then on; nothing else of the SCAL changes.
   */
  join(actor: Actor, id: string, body: JoinScalBody): Promise<ScalDetailDto> {
    return this.db.transaction(async (manager) => {
      const scal = await this.load(manager, actor.organisationId, id, true);
      // Locked as in create: two requests cannot give the journey two SCALs.
      const [journey]: { id: string; product_id: string; scal_id: string | null }[] = await manager.query(
        `SELECT j."id", j."product_id", l."scal_id" FROM "journey" j LEFT JOIN "scal_journey" l ON l."journey_id" = j."id" WHERE j."organisation_id" = $1 AND j."id" = $2 FOR UPDATE OF j`,
        [actor.organisationId, body.journeyId],
      );
      if (!journey) throw new DomainError('unprocessable', 'journey_not_found', 'journeyId: no such journey in this organisation.', { field: 'journeyId' });
      if (journey.product_id !== scal.productId) {
        throw new DomainError('unprocessable', 'scal_journeys_span_products', 'A SCAL is shared only by journeys of one product; this journey belongs to another product.', { field: 'journeyId' });
      }
      if (journey.scal_id) {
        const which = journey.scal_id === scal.id ? 'this SCAL already' : 'a SCAL of its own';
        throw new DomainError('unprocessable', 'journey_has_scal', `This journey has ${which}.`, { field: 'journeyId', journeyIds: [journey.id] });
      }
      const before = (await manager.query(`SELECT "journey_id" FROM "scal_journey" WHERE "scal_id" = $1`, [scal.id])).map((r: { journey_id: string }) => r.journey_id).sort();
      await manager.getRepository(ScalJourneyEntity).insert({ organisationId: actor.organisationId, scalId: scal.id, journeyId: journey.id });
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal.journey_joined',
        entityType: 'scal',
        entityId: scal.id,
        changes: { journeyIds: { before, after: [...before, journey.id].sort() } },
      });
      // Joining adds a link row only: the locked SCAL read above is still current.
      return this.detail(manager, scal);
    }, tenantOf(actor));
  }

  requirements(actor: Actor, id: string, query: ListQuery): Promise<Page<ScalRequirementAnswerDto>> {
    return this.db.transaction(async (manager) => {
      const scal = await this.listed(manager, actor.organisationId, id);
      const page = await findPage<AnswerRow, ScalRequirementAnswerDto>(
        manager,
        // Today is $4 only when the needsAttention filter uses it: PostgreSQL refuses a parameter no statement mentions.
        { select: ANSWER_SELECT, from: ANSWER_FROM, where: `r."organisation_id" = $1 AND r."template_id" = $3`, params: [actor.organisationId, scal.id, scal.templateId, ...(query.filters.some((f) => f.column === SCAL_ANSWER_LIST.fields.needsAttention) ? [this.clock.today()] : [])] },
        query,
        SCAL_ANSWER_LIST,
        toAnswerDto,
      );
      // Linked evidence and whether it has lapsed: one more query for the page, whatever its size.
      return new Page(page.resource, await withLinkedEvidence(manager, scal.id, page.items, this.clock.today()), page.offset, page.total);
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, identifier: string, body: UpdateScalRequirementBody): Promise<ScalRequirementAnswerDto> {
    return this.db.transaction(async (manager) => {
      const scal = await this.load(manager, actor.organisationId, id, true);
      const [row] = await this.rows(manager, scal, `AND r."identifier" = $4`, [identifier]);
      if (!row) throw new DomainError('not_found', 'scal_requirement_not_found', `This SCAL has no requirement ${identifier}.`);
      if (Number(row.version) !== body.version) throw staleVersion('requirement');
      const before = toState(row);
      let next = before;
      if (body.response !== undefined || body.justification !== undefined) {
        next = answerRequirement(next, { response: body.response === undefined ? next.response : body.response, justification: body.justification === undefined ? next.justification : body.justification });
      }
      if (body.ownerUserId !== undefined || body.dueOn !== undefined) next = assignRequirement(next, { owner: body.ownerUserId, dueDate: body.dueOn });
      // Asking for the status the row already has is not a transition: a form may send it back unchanged.
      if (body.status !== undefined && body.status !== next.status) next = transitionRequirement(next, body.status, { reason: body.rejectionReason ?? null });
      const changes = diffFields(audited(before), audited(next));
      if (changes) {
        await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
        const saved = await this.save(manager, scal, next);
        await this.audit.record(manager, authorOf(actor), { action: 'scal.requirement_updated', entityType: 'scal_answer', entityId: saved, changes: { scalId: { after: scal.id }, identifier: { after: identifier }, ...changes } });
        await this.datedItems.changed(manager, actor.organisationId, 'scal_requirement', [saved]);
      }
      const [after] = await this.rows(manager, scal, `AND r."identifier" = $4`, [identifier]);
      return (await withLinkedEvidence(manager, scal.id, [toAnswerDto(after)], this.clock.today()))[0];
    }, tenantOf(actor));
  }

  /**
   * Changes every selected requirement or none: each row's change goes through the same rules as a
   * single update, and one refusal refuses the lot, listing every row that cannot change. Audited as
   * one event per changed row, so each requirement's history is complete on its own.
   */
  bulk(actor: Actor, id: string, body: ScalBulkBody): Promise<ScalBulkResultDto> {
    return this.db.transaction(async (manager) => {
      if (!body.identifiers === !body.filter) throw new DomainError('invalid', 'scal_bulk_selection', 'Give either identifiers or filter, not both.', { field: 'identifiers' });
      const set = body.set;
      if (set.ownerUserId === undefined && set.dueOn === undefined && set.status === undefined) throw new DomainError('invalid', 'scal_bulk_nothing_to_set', 'set needs ownerUserId, dueOn or status.', { field: 'set' });
      const scal = await this.load(manager, actor.organisationId, id, true);
      const rows = await this.selection(manager, scal, body);
      await assertMembers(manager, actor.organisationId, [set.ownerUserId], 'set.ownerUserId');
      const rejected: { identifier: string; code: string; message: string }[] = [];
      const changed: { before: ScalRequirementState; next: ScalRequirementState }[] = [];
      for (const row of rows) {
        const before = toState(row);
        try {
          let next = set.ownerUserId !== undefined || set.dueOn !== undefined ? assignRequirement(before, { owner: set.ownerUserId, dueDate: set.dueOn }) : before;
          if (set.status !== undefined && set.status !== next.status) next = transitionRequirement(next, set.status, { reason: set.rejectionReason ?? null });
          changed.push({ before, next });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          rejected.push({ identifier: row.identifier, code: error.code, message: error.message });
        }
      }
      if (rejected.length) throw new DomainError('unprocessable', 'scal_bulk_rejected', `${rejected.length} of ${rows.length} requirement(s) cannot be changed; nothing was changed.`, { rejected });
      const updated: string[] = [];
      const saved: string[] = [];
      const author = authorOf(actor);
      for (const { before, next } of changed) {
        const changes = diffFields(audited(before), audited(next));
        if (!changes) continue;
        const answerId = await this.save(manager, scal, next);
        await this.audit.record(manager, author, { action: 'scal.requirement_updated', entityType: 'scal_answer', entityId: answerId, changes: { scalId: { after: scal.id }, identifier: { after: next.identifier }, bulk: { after: true }, ...changes } });
        updated.push(next.identifier);
        saved.push(answerId);
      }
      await this.datedItems.changed(manager, actor.organisationId, 'scal_requirement', saved);
      return { updated: updated.length, identifiers: updated };
    }, tenantOf(actor));
  }

  private async selection(manager: EntityManager, scal: ScalEntity, body: ScalBulkBody): Promise<AnswerRow[]> {
    if (body.identifiers) {
      const wanted = [...new Set(body.identifiers)];
      const rows = await this.rows(manager, scal, `AND r."identifier" = ANY($4::text[])`, [wanted]);
      const unknown = wanted.filter((identifier) => !rows.some((r) => r.identifier === identifier));
      if (unknown.length) throw new DomainError('unprocessable', 'scal_requirement_not_found', `This SCAL has no requirement ${unknown.join(', ')}.`, { identifiers: unknown });
      return rows;
    }
    const filter = body.filter!;
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value) + 3}`;
    if (filter.section !== undefined) where.push(`r."section" = ${bind(filter.section)}`);
    if (filter.level !== undefined) where.push(`r."level" = ${bind(filter.level)}`);
    if (filter.status !== undefined) where.push(`coalesce(a."status", 'not_started') = ${bind(filter.status)}`);
    if (filter.ownerUserId !== undefined) where.push(`a."owner_user_id" = ${bind(filter.ownerUserId)}`);
    if (filter.response !== undefined) where.push(`${SCAL_ANSWER_LIST.fields.response} = ${bind(filter.response)}`);
    if (filter.needsAttention !== undefined) where.push(`${needsAttentionSql(bind(this.clock.today()))} = ${bind(filter.needsAttention)}`);
    if (filter.q !== undefined) {
      const term = bind(`%${escapeLike(filter.q.trim())}%`);
      where.push(`(r."identifier" ILIKE ${term} OR r."description" ILIKE ${term})`);
    }
    return this.rows(manager, scal, where.map((w) => `AND ${w}`).join(' '), params);
  }

  /** Writes a requirement's state (its first write creates the row) and returns the row's id. */
  async save(manager: EntityManager, scal: Pick<ScalEntity, 'id' | 'organisationId'>, state: ScalRequirementState): Promise<string> {
    const [saved] = await manager.query(
      `INSERT INTO "scal_answer" ("organisation_id", "scal_id", "identifier", "response", "justification", "owner_user_id", "due_on", "status", "rejection_reason", "review_verdict", "review_comment")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT ("scal_id", "identifier") DO UPDATE SET "response" = EXCLUDED."response", "justification" = EXCLUDED."justification", "owner_user_id" = EXCLUDED."owner_user_id",
         "due_on" = EXCLUDED."due_on", "status" = EXCLUDED."status", "rejection_reason" = EXCLUDED."rejection_reason", "review_verdict" = EXCLUDED."review_verdict",
         "review_comment" = EXCLUDED."review_comment", "updated_at" = now(), "version" = "scal_answer"."version" + 1
       RETURNING "id"`,
      [scal.organisationId, scal.id, state.identifier, state.response, state.justification, state.owner, state.dueDate, state.status, state.rejectionReason, state.reviewVerdict ?? null, state.reviewComment ?? null],
    );
    return saved.id;
  }

  /**
   * A SCAL made from a returned or half-completed workbook starts from what the workbook said:
   * the answers it had and NHS England's verdicts, by the same rule as a returned workbook read
   * later. Stored in one statement and audited as one event listing each requirement's start.
   */
  private async seedImportedAnswers(manager: EntityManager, actor: Actor, scal: ScalEntity, template: ScalTemplateEntity): Promise<void> {
    const imported: { identifier: string; imported_answer: ImportedAnswer }[] = await manager.query(
      `SELECT "identifier", "imported_answer" FROM "scal_requirement" WHERE "template_id" = $1 AND "imported_answer" IS NOT NULL ORDER BY "position"`,
      [template.id],
    );
    const states = imported.map((r) => applyReturnedAnswer(initialRequirementState(r.identifier), r.imported_answer).next).filter((s) => s.status !== 'not_started' || s.reviewComment);
    if (states.length === 0) return;
    await this.saveMany(manager, scal, states);
    await this.audit.record(manager, authorOf(actor), {
      action: 'scal.answers_imported',
      entityType: 'scal',
      entityId: scal.id,
      changes: {
        templateId: { after: template.id },
        answers: { after: states.map((s) => ({ identifier: s.identifier, response: s.response, status: s.status, reviewVerdict: s.reviewVerdict ?? null })) },
      },
    });
  }

  /** Writes many requirements' states in one statement (new rows only: a SCAL's first answers). */
  private async saveMany(manager: EntityManager, scal: ScalEntity, states: readonly ScalRequirementState[]): Promise<void> {
    const rows = states.map((s) => ({ identifier: s.identifier, response: s.response, justification: s.justification, status: s.status, rejection_reason: s.rejectionReason, review_verdict: s.reviewVerdict ?? null, review_comment: s.reviewComment ?? null }));
    await manager.query(
      `INSERT INTO "scal_answer" ("organisation_id", "scal_id", "identifier", "response", "justification", "status", "rejection_reason", "review_verdict", "review_comment")
       SELECT $1, $2, x."identifier", x."response", x."justification", x."status", x."rejection_reason", x."review_verdict", x."review_comment"
       FROM json_to_recordset($3::json) AS x("identifier" text, "response" text, "justification" text, "status" text, "rejection_reason" text, "review_verdict" text, "review_comment" text)`,
      [scal.organisationId, scal.id, JSON.stringify(rows)],
    );
  }

  /** Every requirement of the SCAL with its answer, in template order, for callers that apply a whole workbook. */
  allRows(manager: EntityManager, scal: ScalEntity): Promise<{ state: ScalRequirementState; version: number }[]> {
    return this.rows(manager, scal).then((rows) => rows.map((r) => ({ state: toState(r), version: Number(r.version) })));
  }

  /** The SCAL, locked for the caller's transaction when asked. */
  lockedScal(manager: EntityManager, organisationId: string, id: string): Promise<ScalEntity> {
    return this.load(manager, organisationId, id, true);
  }
}
