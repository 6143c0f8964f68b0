import type { DataSource, EntityManager } from 'typeorm';
import { isSqlite } from './data-source';

/**
 * The gateway's handle on its database. On MySQL/MariaDB every transaction has a pooled
 * connection of its own. TypeORM's better-sqlite3 driver has one connection for everything, so
 * two transactions in flight would nest into each other and a statement of one request could
 * land in another's transaction; on SQLite, transactions and writes therefore queue one behind
 * the other here. Reads never wait.
 */
export class Database {
  readonly sqlite: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {
    this.sqlite = isSqlite(dataSource);
  }

  /** A read: runs at once on either database. */
  query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.dataSource.query(sql, parameters) as Promise<T>;
  }

  /** A write outside any transaction (its own autocommit). */
  write<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.serialised(() => this.dataSource.query(sql, parameters) as Promise<T>);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialised(() => this.dataSource.transaction(work));
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.sqlite) return work();
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
