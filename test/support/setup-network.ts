import nock from 'nock';

// Tests never reach the network: only loopback is allowed.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

// nock takes over Node's http module when it is imported, and each test file imports its own copy.
// Without a restore, a file's interceptor stays wrapped around the http module after the file ends,
// the next file's requests pass through it, and Jest warns (JEST-01) that they touch a finished
// file's globals. Restoring at the end of each file leaves the next file a clean http module.
afterAll(() => {
  nock.restore();
});
