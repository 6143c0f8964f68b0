/** Jest runs TypeScript through ts-jest. Two ESM-only dependencies need care:
 *  double-metaphone is compiled to CommonJS here; libxml2-wasm (top-level await) is loaded
 *  with a real dynamic import(), which needs Node's --experimental-vm-modules (set by npm test). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    'node_modules/double-metaphone/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!double-metaphone/)'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs'],
  // After the framework, so that the network guard can be undone at the end of each file.
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-network.ts'],
  // Every log line of the run goes to one directory; the teardown fails the run if one holds
  // a learner's demographics or a secret (docs/observability.md).
  globalSetup: '<rootDir>/test/support/log-check.setup.ts',
  globalTeardown: '<rootDir>/test/support/log-check.teardown.ts',
  testTimeout: 30000,
};
