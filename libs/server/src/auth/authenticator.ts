import { Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, isRole, permissionsOf, roleCovers, SESSION_COOKIE, type Role } from '@pairline/contracts';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import type { Actor } from './actor';
import { sha256Hex } from './secrets';
import { Sessions } from './sessions.service';

export interface Authentication {
  readonly actor: Actor;
  /** Only for cookie sessions: writes must echo it. */
  readonly csrfToken: string | null;
  readonly mfaSetupRequired: boolean;
}

interface MemberRow {
  role: string;
  email: string;
  totp_enabled: boolean;
  mfa_required: boolean;
}

/** Turns a request's credentials (session cookie or API token) into an actor, or null. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly db: Db,
    private readonly sessions: Sessions,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Authentication | null> {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      return this.fromApiToken(request, authorization.slice('Bearer '.length).trim());
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    return cookie ? this.fromSession(request, cookie) : null;
  }

  private member(manager: EntityManager, organisationId: string, userId: string): Promise<MemberRow | undefined> {
    return manager
      .query(
        `SELECT m."role", u."email", u."totp_enabled", o."mfa_required"
           FROM "membership" m
           JOIN "app_user" u ON u."id" = m."user_id"
           JOIN "organisation" o ON o."id" = m."organisation_id"
          WHERE m."organisation_id" = $1 AND m."user_id" = $2`,
        [organisationId, userId],
      )
      .then((rows: MemberRow[]) => rows[0]);
  }

  private actor(request: FastifyRequest, userId: string, organisationId: string, email: string, role: Role, via: Actor['via'], ids: { sessionId?: string; tokenId?: string }): Actor {
    return {
      userId,
      email,
      organisationId,
      role,
      permissions: permissionsOf(role),
      via,
      sessionId: ids.sessionId ?? null,
      tokenId: ids.tokenId ?? null,
      requestId: String(request.id),
      ip: request.ip ?? null,
    };
  }

  private fromSession(request: FastifyRequest, cookie: string): Promise<Authentication | null> {
    return this.db.transaction(async (manager) => {
      const session = await this.sessions.resolve(manager, cookie);
      if (!session) return null;
      await this.db.setTenant(manager, { organisationId: session.organisationId, userId: session.userId });
      const member = await this.member(manager, session.organisationId, session.userId);
      // Removed from the organisation since logging in: the session no longer grants anything there.
      if (!member || !isRole(member.role)) return null;
      return {
        actor: this.actor(request, session.userId, session.organisationId, member.email, member.role, 'session', { sessionId: session.id }),
        csrfToken: session.csrfToken,
        mfaSetupRequired: member.mfa_required && !member.totp_enabled,
      };
    });
  }

  private fromApiToken(request: FastifyRequest, token: string): Promise<Authentication | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return Promise.resolve(null);
    const tokenHash = sha256Hex(token);
    return this.db.transaction(
      async (manager) => {
        const [row] = await manager.query(
          `SELECT "id", "organisation_id", "user_id", "role", "last_used_at" FROM "api_token"
            WHERE "token_hash" = $1 AND "revoked_at" IS NULL AND ("expires_at" IS NULL OR "expires_at" > now())`,
          [tokenHash],
        );
        if (!row || !isRole(row.role)) return null;
        await this.db.setTenant(manager, { organisationId: row.organisation_id, userId: row.user_id });
        const member = await this.member(manager, row.organisation_id, row.user_id);
        // A token never grants more than its owner currently has: demotion or removal shrinks it.
        if (!member || !isRole(member.role) || !roleCovers(member.role, row.role)) return null;
        if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
          await manager.query(`UPDATE "api_token" SET "last_used_at" = now() WHERE "id" = $1`, [row.id]);
        }
        return {
          actor: this.actor(request, row.user_id, row.organisation_id, member.email, row.role, 'api_token', { tokenId: row.id }),
          csrfToken: null,
          mfaSetupRequired: false,
        };
      },
      { lookupTokenHash: tokenHash },
    );
  }
}
