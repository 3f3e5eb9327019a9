import { Injectable } from '@nestjs/common';
import type { ScalCommentDto, ScalCommentThreadDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { ScalEntity } from './scal.entity';
import type { CreateScalCommentBody } from './scal-reviews.dto';

interface CommentRow {
  id: string;
  scal_id: string;
  identifier: string;
  parent_id: string | null;
  author_user_id: string | null;
  author_name: string | null;
  body: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

const COMMENT_SELECT = `c."id", c."scal_id", c."identifier", c."parent_id", c."author_user_id", coalesce(nullif(btrim(u."name"), ''), u."email") AS "author_name", c."body", c."created_at", c."resolved_at", c."resolved_by"
  FROM "scal_comment" c LEFT JOIN "app_user" u ON u."id" = c."author_user_id"`;

const toDto = (r: CommentRow): ScalCommentDto => ({
  id: r.id,
  scalId: r.scal_id,
  identifier: r.identifier,
  parentId: r.parent_id,
  authorUserId: r.author_user_id,
  authorName: r.author_name,
  body: r.body,
  createdAt: new Date(r.created_at).toISOString(),
  resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  resolvedByUserId: r.resolved_by,
});

/**
 * Reviewers' threads on a SCAL's requirements. Who may comment is `scal.comment`, not `scal.write`:
 * see the permission matrix. A comment is never edited or deleted; a thread is resolved or reopened
 * as a whole, through any of its comments.
 */
@Injectable()
export class ScalCommentsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  private async scal(manager: EntityManager, organisationId: string, id: string): Promise<ScalEntity> {
    const scal = await manager.getRepository(ScalEntity).findOne({ where: { organisationId, id } });
    if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
    return scal;
  }

  private async requirement(manager: EntityManager, scal: ScalEntity, identifier: string): Promise<void> {
    const [found] = await manager.query(`SELECT 1 FROM "scal_requirement" WHERE "organisation_id" = $1 AND "template_id" = $2 AND "identifier" = $3`, [scal.organisationId, scal.templateId, identifier]);
    if (!found) throw new DomainError('not_found', 'scal_requirement_not_found', `This SCAL has no requirement ${identifier}.`);
  }

  private async comment(manager: EntityManager, scal: ScalEntity, id: string): Promise<CommentRow | undefined> {
    const [row] = await manager.query(`SELECT ${COMMENT_SELECT} WHERE c."organisation_id" = $1 AND c."scal_id" = $2 AND c."id" = $3`, [scal.organisationId, scal.id, id]);
    return row;
  }

  list(actor: Actor, scalId: string, identifier: string): Promise<ScalCommentThreadDto[]> {
    return this.db.transaction(async (manager) => {
      const scal = await this.scal(manager, actor.organisationId, scalId);
      await this.requirement(manager, scal, identifier);
      const rows: CommentRow[] = await manager.query(`SELECT ${COMMENT_SELECT} WHERE c."organisation_id" = $1 AND c."scal_id" = $2 AND c."identifier" = $3 ORDER BY c."created_at", c."id"`, [
        actor.organisationId,
        scal.id,
        identifier,
      ]);
      const threads = new Map<string, ScalCommentThreadDto>();
      for (const row of rows) if (!row.parent_id) threads.set(row.id, { ...toDto(row), replies: [] });
      for (const row of rows) if (row.parent_id) threads.get(row.parent_id)?.replies.push(toDto(row));
      return [...threads.values()];
    }, tenantOf(actor));
  }

  add(actor: Actor, scalId: string, identifier: string, body: CreateScalCommentBody): Promise<ScalCommentDto> {
    return this.db.transaction(async (manager) => {
      const scal = await this.scal(manager, actor.organisationId, scalId);
      await this.requirement(manager, scal, identifier);
      let threadId: string | null = null;
      if (body.parentId) {
        const parent = await this.comment(manager, scal, body.parentId);
        if (!parent || parent.identifier !== identifier) {
          throw new DomainError('unprocessable', 'scal_comment_parent_not_found', `parentId: no comment ${body.parentId} on ${identifier} of this SCAL.`, { field: 'parentId' });
        }
        // Threads are one level deep: a reply to a reply joins the same thread.
        threadId = parent.parent_id ?? parent.id;
      }
      const [{ id }] = await manager.query(`INSERT INTO "scal_comment" ("organisation_id", "scal_id", "identifier", "parent_id", "author_user_id", "body") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"`, [
        scal.organisationId,
        scal.id,
        identifier,
        threadId,
        actor.userId,
        body.body.trim(),
      ]);
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal.comment_added',
        entityType: 'scal_comment',
        entityId: id,
        changes: { scalId: { after: scal.id }, identifier: { after: identifier }, parentId: { after: threadId }, body: { after: body.body.trim() } },
      });
      return toDto((await this.comment(manager, scal, id))!);
    }, tenantOf(actor));
  }

  /** Resolves or reopens the thread the comment belongs to; asking for its current state changes and audits nothing. */
  setResolved(actor: Actor, scalId: string, commentId: string, resolved: boolean): Promise<ScalCommentThreadDto> {
    return this.db.transaction(async (manager) => {
      const scal = await this.scal(manager, actor.organisationId, scalId);
      const comment = await this.comment(manager, scal, commentId);
      if (!comment) throw new DomainError('not_found', 'scal_comment_not_found', 'No such comment on this SCAL.');
      const rootId = comment.parent_id ?? comment.id;
      const [root]: { resolved_at: Date | null }[] = await manager.query(`SELECT "resolved_at" FROM "scal_comment" WHERE "id" = $1 FOR UPDATE`, [rootId]);
      if ((root.resolved_at !== null) !== resolved) {
        await manager.query(`UPDATE "scal_comment" SET "resolved_at" = ${resolved ? 'now()' : 'NULL'}, "resolved_by" = $2 WHERE "id" = $1`, [rootId, resolved ? actor.userId : null]);
        await this.audit.record(manager, authorOf(actor), {
          action: resolved ? 'scal.thread_resolved' : 'scal.thread_reopened',
          entityType: 'scal_comment',
          entityId: rootId,
          changes: { scalId: { after: scal.id }, identifier: { after: comment.identifier }, resolved: { before: !resolved, after: resolved } },
        });
      }
      const rows: CommentRow[] = await manager.query(`SELECT ${COMMENT_SELECT} WHERE c."organisation_id" = $1 AND (c."id" = $2 OR c."parent_id" = $2) ORDER BY c."created_at", c."id"`, [scal.organisationId, rootId]);
      const first = rows.find((r) => r.id === rootId)!;
      return { ...toDto(first), replies: rows.filter((r) => r.id !== rootId).map(toDto) };
    }, tenantOf(actor));
  }
}
