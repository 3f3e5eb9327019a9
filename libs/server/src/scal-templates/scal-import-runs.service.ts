import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@pairline/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { tenantOf, type Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import type { ScalImportBody, ScalImportRunDto } from './scal-templates.dto';
import { ScalTemplatesService, type PreparedImport } from './scal-templates.service';

/**
 * A running import whose row has not moved for this long has lost its process (a restart, a
 * crash): no chunk of 500 rows takes anywhere near it, so it is reported as failed.
 */
export const SCAL_IMPORT_STALE_SECONDS = 120;

interface RunRow {
  id: string;
  file_id: string | null;
  key: string;
  name: string;
  filename: string;
  status: ScalImportRunDto['status'];
  total_rows: number;
  processed_rows: number;
  template_id: string | null;
  template_key: string | null;
  template_version: number | null;
  error_code: string | null;
  error_message: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  stale: boolean;
}

const SELECT_RUN = `SELECT r."id", r."file_id", r."key", r."name", r."filename", r."status", r."total_rows", r."processed_rows", r."template_id", t."key" AS template_key, t."version" AS template_version,
  r."error_code", r."error_message", r."started_at", r."updated_at", r."finished_at",
  (r."status" = 'running' AND r."updated_at" < now() - make_interval(secs => $3)) AS stale
  FROM "scal_import_run" r LEFT JOIN "scal_template" t ON t."id" = r."template_id"
  WHERE r."organisation_id" = $1 AND r."id" = $2`;

function toDto(row: RunRow): ScalImportRunDto {
  const interrupted = row.stale;
  return {
    id: row.id,
    fileId: row.file_id,
    key: row.key,
    name: row.name,
    filename: row.filename,
    status: interrupted ? 'failed' : row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    template: row.template_id && row.template_key !== null && row.template_version !== null ? { id: row.template_id, key: row.template_key, version: row.template_version } : null,
    error: interrupted
      ? { code: 'scal_import_interrupted', message: 'The import stopped before it finished (the server was probably restarted); nothing was stored. Import the file again.' }
      : row.error_code
        ? { code: row.error_code, message: row.error_message ?? '' }
        : null,
    startedAt: row.started_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/**
 * Template imports that report their progress. The file is read and checked before the run
 * exists, so refusals still answer the request itself; the rows are then stored in the
 * background, all or nothing, in one transaction, while the run row (written on another
 * connection, which the import's uncommitted rows do not affect) says how far it has got.
 *
 * In-process rather than a BullMQ job: the embedded mode may have no Redis, and the checked
 * import is already in this process's memory (the workbook itself was read on a document thread).
 */
@Injectable()
export class ScalImportRunsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ScalImport');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly templates: ScalTemplatesService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(actor: Actor, body: ScalImportBody): Promise<ScalImportRunDto> {
    const prepared = await this.templates.prepareImport(actor, body);
    const run = await this.db.transaction(async (manager) => {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO "scal_import_run" ("organisation_id", "key", "name", "filename", "file_id", "status", "total_rows", "created_by") VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) RETURNING "id"`,
        [actor.organisationId, body.key, body.name.trim(), prepared.file.filename, prepared.file.id, prepared.rowCount, actor.userId],
      );
      return this.read(manager, actor.organisationId, id);
    }, tenantOf(actor));
    // Started only once the run row is committed, so every write below finds it.
    const work = this.store(actor, run.id, prepared).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return run;
  }

  get(actor: Actor, id: string): Promise<ScalImportRunDto> {
    return this.db.transaction((manager) => this.read(manager, actor.organisationId, id), tenantOf(actor));
  }

  /** Lets imports under way finish (or fail and say so) before the pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async read(manager: EntityManager, organisationId: string, id: string): Promise<ScalImportRunDto> {
    const [row]: RunRow[] = await manager.query(SELECT_RUN, [organisationId, id, SCAL_IMPORT_STALE_SECONDS]);
    if (!row) throw new DomainError('not_found', 'scal_import_run_not_found', 'No such SCAL import in this organisation.');
    return toDto(row);
  }

  private async store(actor: Actor, runId: string, prepared: PreparedImport): Promise<void> {
    const progress = this.progressWriter(actor.organisationId, runId);
    try {
      await this.db.transaction(async (manager) => {
        const template = await this.templates.storeImport(manager, actor, prepared, { importRunId: runId, progress: progress.report });
        // In the import's own transaction: the run says completed exactly when the template exists.
        await manager.query(
          `UPDATE "scal_import_run" SET "status" = 'completed', "processed_rows" = "total_rows", "template_id" = $2, "updated_at" = now(), "finished_at" = now() WHERE "id" = $1`,
          [runId, template.id],
        );
      }, tenantOf(actor));
    } catch (error) {
      const known = error instanceof DomainError;
      if (!known) this.logger.error(`SCAL import ${runId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const code = known ? error.code : 'scal_import_failed';
      const message = known ? error.message : `Storing the template failed, so nothing was stored. Import the file again; if it fails again, give your administrator this reference: ${runId}.`;
      await this.db
        .transaction(
          (manager) =>
            manager.query(`UPDATE "scal_import_run" SET "status" = 'failed', "error_code" = $2, "error_message" = $3, "updated_at" = now(), "finished_at" = now() WHERE "id" = $1 AND "status" = 'running'`, [
              runId,
              code,
              message,
            ]),
          tenantOf(actor),
        )
        .catch((markError: unknown) => this.logger.error(`SCAL import ${runId} could not be marked failed (it will show as interrupted): ${String(markError)}`));
    } finally {
      await progress.settled();
    }
  }

  /**
   * Writes "n rows stored" on a connection of its own, never waiting inside the import: at most
   * one write in flight, later counts replacing earlier ones that were not yet written. So the
   * import's transaction never waits for a second connection (a pool of imports cannot starve
   * itself), and a count that arrives after the run ended changes nothing.
   *
   * With a pool of one connection (the embedded database serves one session at a time) there is
   * no second connection to write on while the import holds it: nothing is written until the end,
   * and a poll simply waits for the import's commit.
   */
  private progressWriter(organisationId: string, runId: string): { report: (storedRows: number) => void; settled: () => Promise<void> } {
    if (this.config.database.poolMax <= 1) return { report: () => undefined, settled: () => Promise.resolve() };
    let pending: number | null = null;
    let writing: Promise<void> | null = null;
    const write = async (rows: number) => {
      await this.dataSource.transaction(async (manager) => {
        await this.db.setTenant(manager, { organisationId });
        await manager.query(`UPDATE "scal_import_run" SET "processed_rows" = $2, "updated_at" = now() WHERE "id" = $1 AND "status" = 'running' AND "processed_rows" < $2`, [runId, rows]);
      });
    };
    const drain = (): void => {
      if (pending === null) {
        writing = null;
        return;
      }
      const rows = pending;
      pending = null;
      writing = write(rows)
        .catch((error: unknown) => this.logger.warn(`SCAL import ${runId}: progress not recorded (${String(error)})`))
        .then(drain);
    };
    return {
      report: (rows) => {
        pending = rows;
        if (!writing) drain();
      },
      settled: async () => {
        while (writing) await writing;
      },
    };
  }
}
