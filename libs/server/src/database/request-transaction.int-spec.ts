import { Controller, Module, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiTokenEntity } from '../api-tokens/api-token.entity';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated } from '../auth/decorators';
import { createOrganisation, signIn, type SignedIn } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { Db } from './db.service';

const token = (actor: Actor, name: string) => ({
  organisationId: actor.organisationId,
  userId: actor.userId,
  name,
  role: 'auditor' as const,
  tokenHash: randomBytes(16).toString('hex'),
  prefix: 'plt_probe',
});

/** Writes inside the request's transaction, then fails in the ways a handler can. */
@Controller('probe-tx')
class ProbeTransactionController {
  constructor(private readonly db: Db) {}

  @Post('save-then-fail')
  @Authenticated()
  async saveThenFail(@CurrentActor() actor: Actor): Promise<void> {
    // A save opens no transaction of its own inside the request's, so it cannot commit it early.
    await this.db.manager.getRepository(ApiTokenEntity).save(token(actor, 'save-then-fail'));
    throw new Error('after the save');
  }

  @Post('savepoint')
  @Authenticated()
  async savepoint(@CurrentActor() actor: Actor): Promise<{ active: boolean }> {
    const manager = this.db.manager;
    await manager
      .transaction(async (inner) => {
        await inner.getRepository(ApiTokenEntity).insert(token(actor, 'inner, rolled back'));
        throw new Error('undo the inner one only');
      })
      .catch(() => undefined);
    await manager.getRepository(ApiTokenEntity).insert(token(actor, 'outer, kept'));
    return { active: manager.queryRunner?.isTransactionActive ?? false };
  }
}

@Module({ controllers: [ProbeTransactionController] })
class ProbeTransactionModule {}

describe("a signed-in request's transaction", () => {
  let app: TestApp;
  let member: SignedIn;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined }, [ProbeTransactionModule]);
    member = await signIn(app, (await createOrganisation(app)).members.contributor.email);
  });
  afterAll(() => app.close());

  const names = async () => (await ownerQuery<{ name: string }>(app, `SELECT "name" FROM "api_token" WHERE "prefix" = 'plt_probe' ORDER BY 1`)).map((r) => r.name);

  it('rolls back entirely when the handler fails after a save', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/probe-tx/save-then-fail', headers: member.headers });
    expect(response.statusCode).toBe(500);
    expect(await names()).not.toContain('save-then-fail');
  });

  it('gives a transaction opened inside it a savepoint, and commits the rest', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/probe-tx/savepoint', headers: member.headers });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ active: true });
    expect(await names()).toEqual(['outer, kept']);
    // The connections went back to the pool with no transaction left open.
    for (let i = 0; i < 8; i++) expect((await app.inject({ method: 'GET', url: '/api/members', headers: { cookie: member.cookie } })).statusCode).toBe(200);
  });
});
