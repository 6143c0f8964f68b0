import type { DataSource, EntityManager } from 'typeorm';
import { isSqlite } from './data-source';

/**
 * The gateway's handle on its database. On MySQL/MariaDB every transaction has a pooled
 * connection of its own. TypeORM's better-sqlite3 driver has one connection for everything, so
 * two transactions in flight would nest into each other and a statement of one request could
 * land in another's transaction; on SQLite, transactions and writes therefore queue one behind
 * the other here. Reads never wait.
 */
interface SqliteStatement {
  reader: boolean;
  all(...parameters: unknown[]): unknown;
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * Takes SQLite's write lock at the start of a transaction, as BEGIN IMMEDIATE would (TypeORM
 * only issues a deferred BEGIN). A deferred transaction that reads and then writes while another
 * process (a batch worker) holds the write lock fails at once with SQLITE_BUSY: the busy timeout
 * does not apply to that upgrade. Taken first, the lock waits out the other writer instead.
 */
const TAKE_WRITE_LOCK = 'DELETE FROM app_settings WHERE 0';

export class Database {
  readonly sqlite: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(readonly dataSource: DataSource) {
    this.sqlite = isSqlite(dataSource);
  }

  /**
   * A read: runs at once on either database. On SQLite it goes straight to better-sqlite3
   * with a cached prepared statement: this is the per-call path (account, learner lookups).
   */
  query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    if (!this.sqlite) return this.dataSource.query(sql, parameters) as Promise<T>;
    try {
      const statement = this.statement(sql);
      if (!statement.reader) return this.dataSource.query(sql, parameters) as Promise<T>;
      return Promise.resolve(statement.all(...parameters) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      const connection = (this.dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): SqliteStatement } })
        .databaseConnection;
      statement = connection.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** A write outside any transaction (its own autocommit). */
  write<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.serialised(() => this.dataSource.query(sql, parameters) as Promise<T>);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(work);
    return this.serialised(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(TAKE_WRITE_LOCK);
        return work(manager);
      }),
    );
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.sqlite) return work();
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
