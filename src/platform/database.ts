import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { isSqlite } from './data-source';

/**
 * The one way the gateway reaches its database (docs/decisions/0094-one-way-to-the-database.md).
 * Stores (`*.store.ts`) run SQL through it; use cases open a transaction with `transaction(work)`
 * and never see a connection: every statement a store runs while `work` is in progress joins that
 * transaction, because the transaction is carried by the asynchronous context, not by an argument.
 *
 * On MySQL/MariaDB every transaction has a pooled connection of its own. TypeORM's better-sqlite3
 * driver has one connection for everything, so two transactions in flight would nest into each
 * other and a statement of one request could land in another's transaction; on SQLite,
 * transactions and writes outside them therefore queue one behind the other here. Reads never wait.
 */
interface SqliteStatement {
  reader: boolean;
  all(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** What a write did: the rows it changed and, for an INSERT into a table with an id, the new id. */
export interface WriteResult {
  affected: number;
  insertId: number | undefined;
}

/** A transaction in progress, as the asynchronous context carries it; closed once its work settles. */
interface OpenTransaction {
  readonly dataSource: DataSource;
  readonly manager: EntityManager;
  open: boolean;
  /** Savepoints taken so far, which name the next one. */
  savepoints: number;
}

/**
 * One context for the process: every `Database` over the same data source (a test or a tool may
 * build more than one) sees the same open transaction.
 */
const context = new AsyncLocalStorage<OpenTransaction>();

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

  /** True while the calling code runs inside `transaction`. */
  get inTransaction(): boolean {
    return this.open() !== undefined;
  }

  /**
   * A read: in the context's transaction when one is open, otherwise at once. On SQLite it goes
   * straight to better-sqlite3 with a cached prepared statement (the one connection is the
   * transaction's, if any): this is the per-call path (account, learner lookups).
   */
  query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    if (!this.sqlite) {
      const transaction = this.open();
      return (transaction ? transaction.manager.query(sql, parameters) : this.dataSource.query(sql, parameters)) as Promise<T>;
    }
    try {
      const statement = this.statement(sql);
      if (statement.reader) return Promise.resolve(statement.all(...sqliteValues(parameters)) as T);
      return this.run(sql, parameters) as Promise<T>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A write: in the context's transaction when one is open, otherwise on its own (autocommit). */
  run(sql: string, parameters: unknown[] = []): Promise<WriteResult> {
    const transaction = this.open();
    if (!this.sqlite) {
      const raw = transaction ? transaction.manager.query(sql, parameters) : this.dataSource.query(sql, parameters);
      return raw.then(mysqlWriteResult);
    }
    if (transaction) return this.sqliteRun(sql, parameters);
    return this.serialised(() => this.sqliteRun(sql, parameters));
  }

  /** An INSERT into a table with an id column: the new row's id. */
  async insert(sql: string, parameters: unknown[]): Promise<number> {
    const { insertId } = await this.run(sql, parameters);
    if (insertId === undefined) throw new Error('the driver did not report the new row id');
    return insertId;
  }

  /**
   * Runs `work` in one transaction: every statement run through this database while it is in
   * progress belongs to it. Called inside another transaction, `work` joins that one.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.open()) return work();
    const begin = (manager: EntityManager): Promise<T> => {
      const transaction: OpenTransaction = { dataSource: this.dataSource, manager, open: true, savepoints: 0 };
      return context.run(transaction, work).finally(() => {
        transaction.open = false;
      });
    };
    if (!this.sqlite) return this.dataSource.transaction(begin);
    return this.serialised(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(TAKE_WRITE_LOCK);
        return begin(manager);
      }),
    );
  }

  /**
   * Runs `work` in a savepoint of the open transaction: if it throws, what it changed is undone and
   * the rest of the transaction stands (a batch row refused half-way, in a chunk worked row by row).
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const transaction = this.open();
    if (!transaction) throw new Error('a savepoint is taken inside a transaction');
    const name = `row_${++transaction.savepoints}`;
    await this.run(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // After a deadlock MariaDB has rolled the whole transaction back: the savepoint is gone with it,
      // and the error that says so is the one to report.
      await this.run(`ROLLBACK TO SAVEPOINT ${name}`)
        .then(() => this.run(`RELEASE SAVEPOINT ${name}`))
        .catch(() => undefined);
      throw error;
    }
    await this.run(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  /**
   * Runs `work` outside any transaction the caller is in: for work that outlives the call that
   * starts it (a buffer flushed later, a timer), which must not join, nor wait for, that call's
   * transaction.
   */
  detached<T>(work: () => T): T {
    return context.exit(work);
  }

  private open(): OpenTransaction | undefined {
    const transaction = context.getStore();
    return transaction?.open && transaction.dataSource === this.dataSource ? transaction : undefined;
  }

  private async sqliteRun(sql: string, parameters: unknown[]): Promise<WriteResult> {
    const result = this.statement(sql).run(...sqliteValues(parameters));
    return { affected: result.changes, insertId: Number(result.lastInsertRowid) || undefined };
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

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.sqlite) return work();
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** better-sqlite3 binds no booleans: they are stored as 0 and 1, as TypeORM's driver does. */
function sqliteValues(parameters: unknown[]): unknown[] {
  return parameters.some((value) => typeof value === 'boolean')
    ? parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value))
    : parameters;
}

function mysqlWriteResult(raw: unknown): WriteResult {
  const header = raw as { affectedRows?: number; insertId?: number };
  return { affected: header.affectedRows ?? 0, insertId: header.insertId ? Number(header.insertId) : undefined };
}
