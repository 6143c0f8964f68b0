#!/usr/bin/env node
// Lets `npm start` and `npm test` work on a fresh clone: installs exactly the locked
// dependencies (npm ci) when node_modules is missing or older than package-lock.json.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const marker = 'node_modules/.package-lock.json';
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync('package-lock.json').mtimeMs;
if (stale) {
  process.stderr.write('Installing dependencies (npm ci)...\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
