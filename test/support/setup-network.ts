import nock from 'nock';

// Tests never reach the network: only loopback is allowed.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
