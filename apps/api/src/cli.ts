import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AdminCommands, CliModule, ConfigError, DemoSeed, formatSeededAccounts, loadConfig, migrate, publicKeyFrom, SecretKeys, verifyTrailExport } from '@pairline/server';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Pairline command line (uses the same configuration as the API)

  create-admin --organisation NAME --email EMAIL --name NAME [--ods CODE]
      Creates an organisation and its first admin. The password is read from PAIRLINE_ADMIN_PASSWORD
      when set (at least 12 characters), otherwise generated and printed once.
  seed-demo [--json]
      Creates the demo organisation with one account per role, if the database has no users.
  verify-audit --organisation ID
      Recomputes the organisation's audit hash chain and holds it against its signed checkpoints;
      exits 1 at the first broken link or contradicted checkpoint.
  verify-audit-export --file TRAIL.json --public-key KEY.pem
      Verifies an exported trail (GET /api/audit-events/export.json) offline, with nothing but the
      checkpoint public key (GET /api/audit-events/checkpoints/public-key); needs no database.
  audit-public-key
      Prints the public key that verifies this deployment's audit checkpoints.
  migrate
      Applies pending migrations and exits.`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { organisation: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, ods: { type: 'string' }, json: { type: 'boolean' }, file: { type: 'string' }, 'public-key': { type: 'string' } },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'verify-audit-export') {
    // Offline: an auditor's machine with the export and the public key, no configuration.
    if (!values.file || !values['public-key']) throw new ConfigError(['verify-audit-export needs --file TRAIL.json and --public-key KEY.pem']);
    const result = verifyTrailExport(JSON.parse(readFileSync(values.file, 'utf8')), [publicKeyFrom(readFileSync(values['public-key'], 'utf8'))]);
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  // Quiet logs: the commands print their own results (stdout stays parseable for --json).
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', WORKER_IN_PROCESS: 'false' });
  if (command === 'migrate' || config.database.runMigrations) {
    const applied = await migrate(config.database);
    if (command === 'migrate') {
      console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'Migrations are up to date.');
      return 0;
    }
  }
  if (command === 'audit-public-key') {
    console.log(new SecretKeys(config).auditPublicKeys[0].export({ format: 'pem', type: 'spki' }).toString().trim());
    return 0;
  }
  const app = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  try {
    switch (command) {
      case 'create-admin': {
        if (!values.organisation || !values.email || !values.name) throw new ConfigError(['create-admin needs --organisation, --email and --name']);
        const password = process.env.PAIRLINE_ADMIN_PASSWORD;
        const result = await app.get(AdminCommands).createAdmin({ organisation: values.organisation, odsCode: values.ods ?? null, email: values.email, name: values.name, password });
        console.log(`Created organisation ${result.organisationId} with admin ${result.email}.`);
        if (result.generated) console.log(`Password (shown once): ${result.password}`);
        return 0;
      }
      case 'seed-demo': {
        const accounts = await app.get(DemoSeed).seedIfEmpty();
        if (values.json) console.log(JSON.stringify(accounts ?? []));
        else console.log(accounts ? formatSeededAccounts(accounts, config.http.publicUrl) : 'The database already has users; nothing seeded.');
        return 0;
      }
      case 'verify-audit': {
        if (!values.organisation) throw new ConfigError(['verify-audit needs --organisation ID']);
        const result = await app.get(AdminCommands).verifyAudit(values.organisation);
        console.log(JSON.stringify(result, null, 2));
        return result.ok ? 0 : 1;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
