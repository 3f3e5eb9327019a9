import { Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, isRole, permissionsOf, roleCovers, SESSION_COOKIE, type Role } from '@pairline/contracts';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import { queryRows } from '../database/query-rows';
import type { Actor } from './actor';
import { sha256Hex } from './secrets';
import { Sessions } from './sessions.service';

export interface Authentication {
  readonly actor: Actor;
  /** Only for cookie sessions: writes must echo it. */
  readonly csrfToken: string | null;
  readonly mfaSetupRequired: boolean;
}

interface SessionRow {
  session_id: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
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

  /**
   * Inside a transaction (the request's own), the SQL functions leave the tenant set for the rest
   * of it; outside one, their setting ends with the statement.
   */
  async authenticate(request: FastifyRequest, manager: EntityManager = this.db.manager): Promise<Authentication | null> {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      return this.fromApiToken(request, authorization.slice('Bearer '.length).trim(), manager);
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    return cookie ? this.fromSession(request, cookie, manager) : null;
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

  /**
   * One statement, outside any transaction: `app_resolve_session` sets the tenant local to itself
   * and returns the session with the membership it grants (nothing if the user has left).
   */
  private async fromSession(request: FastifyRequest, cookie: string, manager: EntityManager): Promise<Authentication | null> {
    const [row] = await queryRows<SessionRow>(manager, `SELECT * FROM app_resolve_session($1)`, [sha256Hex(cookie)]);
    if (!row || !isRole(row.role)) return null;
    this.db.noteTenant({ organisationId: row.organisation_id, userId: row.user_id });
    const state = this.sessions.check({ lastSeenAt: new Date(row.last_seen_at), expiresAt: new Date(row.expires_at) });
    if (state === 'expired') {
      await this.sessions.revoke(manager, row.session_id);
      return null;
    }
    if (state === 'touch') await this.sessions.touch(manager, row.session_id);
    return {
      actor: this.actor(request, row.user_id, row.organisation_id, row.email, row.role, 'session', { sessionId: row.session_id }),
      csrfToken: row.csrf_token,
      mfaSetupRequired: row.mfa_required && !row.totp_enabled,
    };
  }

  private async fromApiToken(request: FastifyRequest, token: string, manager: EntityManager): Promise<Authentication | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const tokenHash = sha256Hex(token);
    const [row] = await manager.query(`SELECT * FROM app_resolve_api_token($1)`, [tokenHash]);
    // A token never grants more than its owner currently has: demotion or removal shrinks it.
    if (!row || !isRole(row.token_role) || !isRole(row.member_role) || !roleCovers(row.member_role, row.token_role)) return null;
    const tenant = { organisationId: row.organisation_id, userId: row.user_id, lookupTokenHash: tokenHash };
    this.db.noteTenant(tenant);
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.db.transaction((m) => m.query(`UPDATE "api_token" SET "last_used_at" = now() WHERE "id" = $1`, [row.token_id]), tenant);
    }
    return {
      actor: this.actor(request, row.user_id, row.organisation_id, row.email, row.token_role, 'api_token', { tokenId: row.token_id }),
      csrfToken: null,
      mfaSetupRequired: false,
    };
  }
}
