import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global reference data: the GP system suppliers pairings are made with. Values are written out
 * (not imported from libs/domain) so this migration means the same thing forever; an integration
 * test checks the table still matches the domain list.
 */
export class ProviderSuppliers1795338000000 implements MigrationInterface {
  name = 'ProviderSuppliers1795338000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "provider_supplier" (
        "key" text PRIMARY KEY,
        "name" text NOT NULL,
        "system_name" text NOT NULL,
        "short_name" text NOT NULL,
        "status_unconfirmed" boolean NOT NULL DEFAULT false,
        "status_note" text,
        "source" text NOT NULL
      )`);
    await db.query(`CREATE INDEX "provider_supplier_name_idx" ON "provider_supplier" ("name")`);
    await db.query(`CREATE INDEX "provider_supplier_system_name_idx" ON "provider_supplier" ("system_name")`);
    await db.query(`
      INSERT INTO "provider_supplier" ("key", "name", "system_name", "short_name", "status_unconfirmed", "status_note", "source") VALUES
        ('optum', 'Optum', 'EMIS Web', 'EMIS', false, NULL, 'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration'),
        ('tpp', 'TPP', 'SystmOne', 'TPP', false, NULL, 'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration'),
        ('medicus', 'Medicus Health', 'Medicus', 'Medicus', false, NULL, 'https://resources.medicus.health/medicus/nhs-im1-bulk-extract'),
        ('cegedim', 'Cegedim', 'Vision', 'Vision', true,
         'Cegedim Healthcare Solutions UK entered administration in December 2024; its current IM1 status is unconfirmed.',
         'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "provider_supplier"`);
  }
}
