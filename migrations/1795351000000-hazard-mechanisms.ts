import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hazard can name the GP Connect capabilities and IM1 APIs it concerns directly, not only through
 * a journey: a hazard is often written before any journey exists. The keys are the reference
 * mechanisms' keys; the API checks them, as an array column cannot carry a foreign key. The hazard
 * table's row-level security and grants cover the new column.
 */
export class HazardMechanisms1795351000000 implements MigrationInterface {
  name = 'HazardMechanisms1795351000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "hazard" ADD "mechanism_keys" text array NOT NULL DEFAULT '{}'`);
    // The list filters on "names this mechanism", an array overlap that a GIN index answers.
    await db.query(`CREATE INDEX "hazard_mechanism_keys_idx" ON "hazard" USING gin ("mechanism_keys")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "public"."hazard_mechanism_keys_idx"`);
    await db.query(`ALTER TABLE "hazard" DROP COLUMN "mechanism_keys"`);
  }
}
