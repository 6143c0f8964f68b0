import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isSqliteRunner } from './helpers/columns';

/**
 * The rate limit counters shared by every gateway process on MySQL/MariaDB (docs/rate-limits.md), in the
 * layout rate-limiter-flexible's RateLimiterMySQL reads and writes: key, points, expire (epoch
 * ms). On SQLite the counters are kept in each process's memory, so there is no table.
 */
export class RateLimits1765000000000 implements MigrationInterface {
  name = 'RateLimits1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isSqliteRunner(queryRunner)) return;
    await queryRunner.query(
      'CREATE TABLE rate_limits (`key` VARCHAR(255) CHARACTER SET ascii NOT NULL, `points` INT NOT NULL DEFAULT 0, ' +
        '`expire` BIGINT UNSIGNED NULL, PRIMARY KEY (`key`)) ENGINE = InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqliteRunner(queryRunner)) return;
    await queryRunner.query('DROP TABLE rate_limits');
  }
}
