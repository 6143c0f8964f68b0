#!/usr/bin/env node
// Compiles tsconfig.build.json into dist/ only when the sources changed since the last build, so
// `npm start`, `npm run worker` and `npm run cli` start in a moment when nothing changed, and two of
// them started together build once: the build runs under a lock file, and whoever waited for the
// lock finds the stamp fresh and builds nothing. `--always` compiles whatever the stamp says
// (`npm run build`). docs/decisions/0065-build-once.md
// The files of src/ that are not TypeScript are copied beside the compiled code; `--assets` copies
// them alone (the Docker image compiles with tsc, then runs this).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const LOCK = path.join(DIST, '.build-lock');
const ENTRY = path.join(DIST, 'src', 'main.js');
/** What the build reads: the compiled folders, the compiler settings, and the locked compiler and type versions. */
const INPUT_DIRS = ['src', 'migrations'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The files of src/ that are not TypeScript (the console's templates, stylesheet and script), which tsc does not copy. */
function copyAssets() {
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile() && !entry.name.endsWith('.ts')) {
        fs.mkdirSync(path.join(DIST, dir), { recursive: true });
        fs.copyFileSync(path.join(ROOT, relative), path.join(DIST, relative));
      }
    }
  };
  walk('src');
}

/** A hash of every input's path and content: an edit, an added or a removed file all change it. */
function sourcesStamp() {
  const files = [...INPUT_FILES];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) files.push(relative);
    }
  };
  INPUT_DIRS.forEach(walk);
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function isFresh(stamp) {
  try {
    return fs.existsSync(ENTRY) && fs.readFileSync(STAMP, 'utf8') === stamp;
  } catch {
    return false;
  }
}

function alive(pid) {
  if (pid === 0) return true;
  if (pid < 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * The pid in the lock file; undefined when there is none. A lock file with no pid yet is being
 * written (alive: 0 stands for its writer), unless it has been empty for seconds (its writer died).
 */
function holderOf() {
  try {
    const pid = Number(fs.readFileSync(LOCK, 'utf8'));
    if (pid > 0) return pid;
    return Date.now() - fs.statSync(LOCK).mtimeMs > 5000 ? -1 : 0;
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Takes the lock file (O_EXCL), waiting while a live process holds it; a dead holder's lock is taken over. */
function lock() {
  fs.mkdirSync(DIST, { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = holderOf();
    if (holder === undefined) continue; // released meanwhile
    if (!alive(holder)) {
      fs.rmSync(LOCK, { force: true });
      continue;
    }
    if (!told) process.stderr.write(`waiting for the build of process ${holder}...\n`);
    told = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

function build(always) {
  const before = sourcesStamp();
  if (!always && isFresh(before)) return 0;
  lock();
  try {
    const stamp = sourcesStamp();
    if (!always && isFresh(stamp)) return 0;
    process.stderr.write('Compiling TypeScript (tsconfig.build.json)...\n');
    fs.rmSync(STAMP, { force: true });
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
    if (result.status !== 0) return result.status ?? 1;
    copyAssets();
    // The stamp of the sources as they were read before compiling: an edit made meanwhile builds again next time.
    fs.writeFileSync(STAMP, stamp);
    return 0;
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

if (process.argv.includes('--assets')) copyAssets();
else process.exitCode = build(process.argv.includes('--always'));
