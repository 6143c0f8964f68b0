// The fallback load generator of npm run bench (forked by bench/load-generator.ts where wrk is
// not installed): autocannon, in a process of its own.
import autocannon from 'autocannon';
import { createAchievementEnvelope, nthAchievement } from './achievement-requests';
import type { LoadFigures, LoadRequest } from './load-generator';

function load(request: LoadRequest): Promise<LoadFigures> {
  const { bodies } = request;
  let next = 'fixed' in bodies ? 0 : bodies.firstAchievement;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: request.url,
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          ...(request.soapAction ? { soapaction: `"${request.soapAction}"` } : {}),
        },
        body: 'fixed' in bodies ? bodies.fixed : undefined,
        requests:
          'fixed' in bodies
            ? undefined
            : [{ setupRequest: (r) => ({ ...r, body: createAchievementEnvelope(nthAchievement(next++)) }) }],
        connections: request.connections,
        duration: request.seconds,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          seconds: result.duration,
          requestsPerSecond: result.requests.total / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          nextAchievement: next,
        });
      },
    );
  });
}

process.once('message', (request: LoadRequest) => {
  load(request).then(
    (figures) => process.send?.(figures, () => process.disconnect()),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
