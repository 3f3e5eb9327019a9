import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export class UnsafeDatabaseRoleError extends Error {}

/**
 * Refuses to start when the role the application works as could see past row-level security:
 * a superuser, a role with BYPASSRLS, or the owner of any table (owners are exempt unless FORCE,
 * and could disable it).
 */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const [role] = await this.dataSource.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const problems = [
      role.superuser && 'is a superuser',
      role.bypass && 'has BYPASSRLS',
      role.owned > 0 && `owns ${role.owned} table(s)`,
    ].filter(Boolean);
    if (problems.length > 0) {
      // Close the pool first: the process is about to stop, and must not hang on open sockets.
      await this.dataSource.destroy();
      throw new UnsafeDatabaseRoleError(
        `Refusing to start: the database role "${role.name}" ${problems.join(', ')}, so tenant isolation could be bypassed. ` +
          'Set DATABASE_APP_ROLE to a role without these rights (the migrations create "pairline_app").',
      );
    }
  }
}
