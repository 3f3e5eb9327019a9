import { Injectable } from '@nestjs/common';
import type { ScalSnapshotDetailDto, ScalSnapshotDto } from '@pairline/contracts';
import { assertScalStageReachable, canonicalJson, DomainError, SCAL_STAGE_LABELS, SCAL_STAGES, scalProgress, type ScalStage } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { sha256Hex } from '../auth/secrets';
import { Db } from '../database/db.service';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { ScalEntity } from './scal.entity';
import { ScalEvidenceReferences } from './scal-evidence-references';
import { ScalSnapshotEntity } from './scal-review.entity';
import type { RecordScalStageBody } from './scal-reviews.dto';
import { asDomain, currentScalRows } from './scal-rows';

/** Everything but the rows, which a list must not read (a 2,000-row SCAL's rows are megabytes). */
const SUMMARY_COLUMNS = { id: true, scalId: true, number: true, stage: true, note: true, takenAt: true, takenBy: true, template: true, journeyIds: true, rowCount: true, byStatus: true, rowsSha256: true } as const;

export const toSnapshotDto = (s: ScalSnapshotEntity): ScalSnapshotDto => ({
  id: s.id,
  scalId: s.scalId,
  number: s.number,
  stage: s.stage,
  stageLabel: SCAL_STAGE_LABELS[s.stage],
  note: s.note,
  takenAt: s.takenAt.toISOString(),
  takenByUserId: s.takenBy,
  template: s.template,
  journeyIds: s.journeyIds,
  rowCount: s.rowCount,
  byStatus: s.byStatus,
  rowsSha256: s.rowsSha256,
});

/**
 * Recording a SCAL stage freezes the SCAL: every row with its answer, review counts and evidence
 * references, copied into an append-only snapshot with a digest of its rows. The snapshot is
 * self-contained (the template's layout and text are copied too), so an export of it years later
 * is the SCAL as it was sent, whatever became of the template, the answers or the evidence.
 */
@Injectable()
export class ScalSnapshotsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly evidence: ScalEvidenceReferences,
  ) {}

  private async scal(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<ScalEntity> {
    // Locked while freezing, so no answer changes between reading the rows and storing them (answer writes lock it too).
    const scal = await manager.getRepository(ScalEntity).findOne({ where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
    return scal;
  }

  record(actor: Actor, scalId: string, stage: ScalStage, body: RecordScalStageBody): Promise<ScalSnapshotDto> {
    return this.db.transaction(async (manager) => {
      // Checked before anything is read, so a mistyped stage is a 400 whatever the SCAL.
      if (!SCAL_STAGES.includes(stage)) throw new DomainError('invalid', 'scal_unknown_stage', `stage: must be one of ${SCAL_STAGES.join(', ')}.`, { field: 'stage' });
      const scal = await this.scal(manager, actor.organisationId, scalId, true);
      const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
      const rows = await currentScalRows(manager, this.evidence, scal);
      const recorded: { stage: ScalStage; number: number }[] = await manager.query(`SELECT "stage", "number" FROM "scal_snapshot" WHERE "scal_id" = $1 ORDER BY "number"`, [scal.id]);
      const domain = asDomain(template, rows);
      assertScalStageReachable(stage, { ...domain, recorded: recorded.map((r) => r.stage) });
      const journeys: { journey_id: string }[] = await manager.query(`SELECT "journey_id" FROM "scal_journey" WHERE "scal_id" = $1 ORDER BY "journey_id"`, [scal.id]);
      const rowsSha256 = sha256Hex(canonicalJson(rows));
      const number = (recorded.at(-1)?.number ?? 0) + 1;
      const note = body.note?.trim() || null;
      const { identifiers } = await manager.getRepository(ScalSnapshotEntity).insert({
        organisationId: scal.organisationId,
        scalId: scal.id,
        number,
        stage: stage,
        note,
        takenBy: actor.userId,
        template: { id: template.id, key: template.key, version: template.version, name: template.name, baseline: template.baseline },
        sourceSheets: template.sourceSheets,
        // The workbook an export of the snapshot writes into: the one returned last, else the template's.
        workbookFileId: scal.workbookFileId ?? template.sourceFileId,
        journeyIds: journeys.map((j) => j.journey_id),
        rowCount: rows.length,
        byStatus: { ...scalProgress(domain.template, domain.states).overall.byStatus },
        rows,
        rowsSha256,
      });
      const id = identifiers[0]['id'] as string;
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal.stage_recorded',
        entityType: 'scal_snapshot',
        entityId: id,
        changes: { scalId: { after: scal.id }, stage: { after: stage }, number: { after: number }, rows: { after: rows.length }, rowsSha256: { after: rowsSha256 }, ...(note ? { note: { after: note } } : {}) },
      });
      return toSnapshotDto(await manager.getRepository(ScalSnapshotEntity).findOneOrFail({ where: { id }, select: SUMMARY_COLUMNS }));
    }, tenantOf(actor));
  }

  list(actor: Actor, scalId: string): Promise<ScalSnapshotDto[]> {
    return this.db.transaction(async (manager) => {
      const scal = await this.scal(manager, actor.organisationId, scalId);
      const snapshots = await manager.getRepository(ScalSnapshotEntity).find({ where: { organisationId: actor.organisationId, scalId: scal.id }, select: SUMMARY_COLUMNS, order: { number: 'DESC' } });
      return snapshots.map(toSnapshotDto);
    }, tenantOf(actor));
  }

  /** The snapshot whole, in the caller's transaction (exports read it too). */
  async load(manager: EntityManager, organisationId: string, scalId: string, snapshotId: string): Promise<ScalSnapshotEntity> {
    const scal = await this.scal(manager, organisationId, scalId);
    const snapshot = await manager.getRepository(ScalSnapshotEntity).findOne({ where: { organisationId, scalId: scal.id, id: snapshotId } });
    if (!snapshot) throw new DomainError('not_found', 'scal_snapshot_not_found', 'No such snapshot of this SCAL.');
    return snapshot;
  }

  get(actor: Actor, scalId: string, snapshotId: string): Promise<ScalSnapshotDetailDto> {
    return this.db.transaction(async (manager) => {
      const snapshot = await this.load(manager, actor.organisationId, scalId, snapshotId);
      return { ...toSnapshotDto(snapshot), sourceSheets: snapshot.sourceSheets ? snapshot.sourceSheets.map((s) => ({ name: s.name, headers: [...s.headers] })) : null, rows: snapshot.rows };
    }, tenantOf(actor));
  }
}
