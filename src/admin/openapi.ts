import type { AdminRoute } from './admin-route';
import type { SchemaRegistry } from '../platform/validation/schema-registry';

/** The OpenAPI 3 document of the admin API, built from the same route declarations the router mounts. */
export function openApiDocument(routes: AdminRoute[], schemas: SchemaRegistry): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/admin${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const parameters = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.querySchema ? queryParameters(schemas.schemas.get(route.querySchema) ?? {}) : [];
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      description: route.roles === 'any' ? 'Any authenticated user, for their own account.' : `Roles: ${route.roles.join(', ')}.`,
      security: [{ basic: [] }],
      parameters: [...parameters, ...query],
      ...requestBody(route),
      responses: {
        [String(route.status ?? 200)]: route.fileResponse
          ? { description: 'The file', content: binary(route.fileResponse.contentTypes) }
          : { description: 'Done', content: { 'application/json': { schema: ref(route.responseSchema) } } },
        default: { description: 'A refusal with a stable code', content: { 'application/json': { schema: ref('admin/error') } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'lrs-gateway admin API',
      version: '1.0.0',
      description: 'Operators manage organisations and reference data; super users manage their own organisation’s users.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
      schemas: Object.fromEntries([...schemas.schemas.entries()].map(([id, schema]) => [componentName(id), toOpenApi(schema)])),
    },
  };
}

function requestBody(route: AdminRoute): Record<string, unknown> {
  if (route.requestSchema) {
    return { requestBody: { required: true, content: { 'application/json': { schema: ref(route.requestSchema) } } } };
  }
  if (route.rawBody) return { requestBody: { required: true, content: binary(route.rawBody.contentTypes) } };
  return {};
}

function binary(contentTypes: string[]): Record<string, unknown> {
  return Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
}

function ref(id: string): { $ref: string } {
  return { $ref: `#/components/schemas/${componentName(id)}` };
}

function componentName(id: string): string {
  return id.replace(/\//g, '.');
}

function queryParameters(schema: Record<string, unknown>): Record<string, unknown>[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: toOpenApi(property),
  }));
}

/** JSON Schema draft 7 to the OpenAPI 3.0 subset: drop $id/$schema and turn $ref ids into component refs. */
function toOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApi);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$id' || key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = `#/components/schemas/${componentName(value)}`;
    else out[key] = toOpenApi(value);
  }
  return out;
}
