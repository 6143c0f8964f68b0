import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHANGE_CONCEPTS } from '../src/platform/cache/change-counters';
import { countingTriggers } from '../src/platform/cache/counting-triggers';
import { isSqliteRunner } from './helpers/columns';

/**
 * One counter per cached concept, moved by triggers in the transaction of every write to the
 * rows it is read from, whoever writes (the gateway, a CLI, a migration, an operator by hand):
 * each process compares the counters with those its cached reads were made at. The triggers are
 * defined in src/platform/cache/counting-triggers.ts, which also makes again after the
 * migrations any that a later one dropped.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class ChangeCounters1765170000000 implements MigrationInterface {
  name = 'ChangeCounters1765170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE change_counters (name VARCHAR(32) NOT NULL PRIMARY KEY, version BIGINT NOT NULL)');
    for (const concept of CHANGE_CONCEPTS) {
      await queryRunner.query('INSERT INTO change_counters (name, version) VALUES (?, 0)', [concept]);
    }
    for (const trigger of countingTriggers(isSqliteRunner(queryRunner))) await queryRunner.query(trigger.create);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of countingTriggers(isSqliteRunner(queryRunner))) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger.name}`);
    }
    await queryRunner.query('DROP TABLE change_counters');
  }
}
