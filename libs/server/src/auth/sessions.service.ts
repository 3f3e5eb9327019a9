import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { RequestOrigin } from './actor';
import { randomSecret, sha256Hex } from './secrets';
import { SessionEntity } from './session.entity';

/** Activity refreshes `last_seen_at` at most this often, so reads do not all become writes. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class Sessions {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async create(manager: EntityManager, userId: string, organisationId: string, origin: RequestOrigin): Promise<{ token: string; session: SessionEntity }> {
    const token = randomSecret(32);
    const now = new Date();
    const session = await manager.getRepository(SessionEntity).save({
      tokenHash: sha256Hex(token),
      userId,
      organisationId,
      csrfToken: randomSecret(24),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionAbsoluteMs),
      revokedAt: null,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    return { token, session };
  }

  /** Whether a session is past its idle or absolute limit, due a `last_seen_at` refresh, or fine. */
  check(session: { lastSeenAt: Date; expiresAt: Date }, now = Date.now()): 'expired' | 'touch' | 'live' {
    if (now >= session.expiresAt.getTime() || now >= session.lastSeenAt.getTime() + this.config.auth.sessionIdleMs) return 'expired';
    return now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS ? 'touch' : 'live';
  }

  async touch(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.getRepository(SessionEntity).update({ id: sessionId }, { lastSeenAt: new Date() });
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.getRepository(SessionEntity).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** After a password change: every other session of the user ends. */
  async revokeOthers(manager: EntityManager, userId: string, keepSessionId: string | null): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .andWhere(keepSessionId ? 'id <> :keep' : 'TRUE', { keep: keepSessionId })
      .execute();
    return result.affected ?? 0;
  }

  async switchOrganisation(manager: EntityManager, sessionId: string, organisationId: string): Promise<string> {
    const csrfToken = randomSecret(24);
    await manager.getRepository(SessionEntity).update({ id: sessionId }, { organisationId, csrfToken });
    return csrfToken;
  }

  cookieOptions() {
    return {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.auth.secureCookies,
      maxAge: Math.floor(this.config.auth.sessionAbsoluteMs / 1000),
    };
  }
}
