import http from 'node:http';

/** test/support/setup-network.ts: every test file runs with the network closed but loopback. */
describe('the network guard of every test file', () => {
  test('refuses a request to another host, by http and by fetch', async () => {
    const viaHttp = new Promise<string>((resolve) => {
      const request = http.get('http://example.org/', () => resolve('answered'));
      request.on('error', (error) => resolve(error.message));
    });
    expect(await viaHttp).toMatch(/^Nock: Disallowed net connect for "example\.org:80\/"/);
    await expect(fetch('http://example.org/')).rejects.toThrow(/^Nock: Disallowed net connect/);
  });

  test('lets loopback through', async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      server.close();
    }
  });
});
