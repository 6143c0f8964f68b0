import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError } from '../errors';
import { projectPath } from '../paths';

/**
 * The JSON Schemas of schemas/ (every admin request and response body, and later batch rows),
 * compiled once by ajv. A schema is named by its file path under schemas/ without ".json"
 * (e.g. "admin/qualification-grades"), which is also its $id.
 */
export class SchemaRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false, coerceTypes: false });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly schemas = new Map<string, Record<string, unknown>>();

  constructor(root = projectPath('schemas')) {
    addFormats(this.ajv);
    for (const file of listJson(root)) {
      const id = path
        .relative(root, file)
        .replace(/\\/g, '/')
        .replace(/\.json$/, '');
      const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (schema.$id !== id) throw new Error(`schemas/${id}.json must have "$id": "${id}"`);
      this.schemas.set(id, schema);
      this.ajv.addSchema(schema);
    }
    for (const id of this.schemas.keys()) this.validators.set(id, this.ajv.getSchema(id) as ValidateFunction);
  }

  /** The value, or a REQUEST_INVALID refusal naming every problem. */
  check<T>(id: string, value: unknown, code: 'REQUEST_INVALID' | 'INTERNAL_ERROR' = 'REQUEST_INVALID'): T {
    const validate = this.validators.get(id);
    if (!validate) throw new Error(`no schema ${id}`);
    if (!validate(value)) throw new DomainError(code, describe(validate.errors ?? []));
    return value as T;
  }

  has(id: string): boolean {
    return this.validators.has(id);
  }
}

function describe(errors: ErrorObject[]): string {
  return errors
    .slice(0, 10)
    .map(
      (e) =>
        `${e.instancePath || 'body'} ${e.message ?? 'is not valid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('; ');
}

function listJson(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJson(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}
