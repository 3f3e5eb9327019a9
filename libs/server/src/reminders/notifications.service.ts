import { Inject, Injectable } from '@nestjs/common';
import type { NotificationDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import ical from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { tenantOf, type Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { followedJourneyIds } from '../journeys/journey-followers.service';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { ReminderSources } from './reminder-sources';

export const NOTIFICATION_LIST: ListSpec<'id' | 'itemKind' | 'createdAt' | 'read'> = {
  resource: 'notifications',
  fields: { id: 'n.id', itemKind: 'n.item_kind', createdAt: 'n.created_at', read: '(n.read_at IS NOT NULL)' },
  sortable: ['createdAt'],
  filterable: { id: 'uuid', itemKind: 'text', read: 'boolean' },
  searchable: [],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 'n.id',
};

interface NotificationRow {
  id: string;
  event_id: string;
  item_kind: string;
  title: string;
  body: string;
  path: string;
  created_at: Date;
  read_at: Date | null;
}

const toDto = (r: NotificationRow): NotificationDto => ({
  id: r.id,
  eventId: r.event_id,
  itemKind: r.item_kind,
  title: r.title,
  body: r.body,
  path: r.path,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const FEED_TOKEN = /^plc_[A-Za-z0-9_-]{43}$/;

/** A member's own notifications (the bell) and their secret calendar feed. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly sources: ReminderSources,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(actor: Actor, query: ListQuery): Promise<Page<NotificationDto>> {
    return this.db.transaction(
      (manager) =>
        findPage<NotificationRow, NotificationDto>(
          manager,
          { select: `n."id", n."event_id", n."item_kind", n."title", n."body", n."path", n."created_at", n."read_at"`, from: `"notification" n`, where: `n."organisation_id" = $1 AND n."user_id" = $2`, params: [actor.organisationId, actor.userId] },
          query,
          NOTIFICATION_LIST,
          toDto,
        ),
      tenantOf(actor),
    );
  }

  unreadCount(actor: Actor): Promise<{ unread: number }> {
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT count(*)::int AS "n" FROM "notification" WHERE "organisation_id" = $1 AND "user_id" = $2 AND "read_at" IS NULL`, [actor.organisationId, actor.userId]);
      return { unread: row.n };
    }, tenantOf(actor));
  }

  markRead(actor: Actor, id: string): Promise<NotificationDto> {
    return this.db.transaction(async (manager) => {
      await manager.query(`UPDATE "notification" SET "read_at" = COALESCE("read_at", now()) WHERE "id" = $1 AND "organisation_id" = $2 AND "user_id" = $3`, [id, actor.organisationId, actor.userId]);
      const [row]: NotificationRow[] = await manager.query(`SELECT * FROM "notification" WHERE "id" = $1 AND "organisation_id" = $2 AND "user_id" = $3`, [id, actor.organisationId, actor.userId]);
      if (!row) throw new DomainError('not_found', 'notification_not_found', 'No such notification.');
      return toDto(row);
    }, tenantOf(actor));
  }

  markAllRead(actor: Actor): Promise<{ unread: number }> {
    return this.db.transaction(async (manager) => {
      await manager.query(`UPDATE "notification" SET "read_at" = now() WHERE "organisation_id" = $1 AND "user_id" = $2 AND "read_at" IS NULL`, [actor.organisationId, actor.userId]);
      return { unread: 0 };
    }, tenantOf(actor));
  }

  /** A new secret feed URL (shown once); any earlier one stops working. */
  createFeed(actor: Actor): Promise<{ url: string }> {
    const token = `plc_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (manager) => {
      await manager.query(`UPDATE "calendar_feed" SET "revoked_at" = now() WHERE "organisation_id" = $1 AND "user_id" = $2 AND "revoked_at" IS NULL`, [actor.organisationId, actor.userId]);
      await manager.query(`INSERT INTO "calendar_feed" ("organisation_id", "user_id", "token_hash") VALUES ($1, $2, $3)`, [actor.organisationId, actor.userId, hashToken(token)]);
      return { url: `${this.config.http.publicUrl}/api/calendar-feed/${token}.ics` };
    }, tenantOf(actor));
  }

  revokeFeed(actor: Actor): Promise<void> {
    return this.db.transaction(async (manager) => {
      await manager.query(`UPDATE "calendar_feed" SET "revoked_at" = now() WHERE "organisation_id" = $1 AND "user_id" = $2 AND "revoked_at" IS NULL`, [actor.organisationId, actor.userId]);
    }, tenantOf(actor));
  }

  /**
   * The feed behind a secret URL: every open dated item the member owns, whose journey they own,
   * or that belongs to a journey they follow, as an all-day event on its due date. The same answer for an unknown, revoked or malformed
   * token, and for a member who has left the organisation.
   */
  async feed(token: string): Promise<string> {
    const gone = () => new DomainError('not_found', 'calendar_feed_not_found', 'No such calendar feed.');
    if (!FEED_TOKEN.test(token)) throw gone();
    const hash = hashToken(token);
    return this.db.transaction(async (manager) => {
      const [feed] = await manager.query(`SELECT "organisation_id", "user_id" FROM "calendar_feed" WHERE "token_hash" = $1 AND "revoked_at" IS NULL`, [hash]);
      if (!feed) throw gone();
      await this.db.setTenant(manager, { organisationId: feed.organisation_id, lookupTokenHash: hash });
      const [member] = await manager.query(`SELECT 1 FROM "membership" WHERE "organisation_id" = $1 AND "user_id" = $2`, [feed.organisation_id, feed.user_id]);
      if (!member) throw gone();
      const followed = [...(await followedJourneyIds(manager, feed.organisation_id, feed.user_id))];
      // Loaded by journey, so a SCAL or hazard shared by several journeys counts for each of them.
      const viaFollowed = new Set(followed.length ? (await this.sources.load(manager, feed.organisation_id, { journeyIds: followed })).map((i) => `${i.kind}.${i.id}`) : []);
      const items = (await this.sources.load(manager, feed.organisation_id, 'all')).filter(
        (i) => !i.completed && (i.ownerUserId === feed.user_id || i.journeyOwnerUserId === feed.user_id || viaFollowed.has(`${i.kind}.${i.id}`)),
      );
      const calendar = ical({ name: 'Pairline due dates', prodId: { company: 'Pairline', product: 'Due dates', language: 'EN' } });
      for (const item of items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id))) {
        calendar.createEvent({
          id: `${item.kind}.${item.id}@pairline`,
          // Noon UTC is the due date itself in every time zone a client could render it in.
          start: new Date(`${item.dueOn}T12:00:00Z`),
          allDay: true,
          summary: `${item.title} (${item.productName})`,
          description: `${item.productName}, ${item.journeyName}\n${this.config.http.publicUrl}${item.path}`,
          url: `${this.config.http.publicUrl}${item.path}`,
        });
      }
      return calendar.toString();
    }, { lookupTokenHash: hash });
  }
}
