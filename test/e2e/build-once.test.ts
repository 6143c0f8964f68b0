import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * scripts/build.js, run for real on a small project of its own (the same layout, one source file),
 * so each compile takes a moment rather than the gateway's twenty seconds.
 */
describe('building only when the sources changed', () => {
  const repository = path.resolve(__dirname, '../..');
  let project: string;

  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'build-once-'));
    fs.mkdirSync(path.join(project, 'scripts'));
    fs.mkdirSync(path.join(project, 'src'));
    fs.mkdirSync(path.join(project, 'migrations'));
    fs.copyFileSync(path.join(repository, 'scripts/build.js'), path.join(project, 'scripts/build.js'));
    fs.symlinkSync(path.join(repository, 'node_modules'), path.join(project, 'node_modules'));
    const compilerOptions = { target: 'ES2022', module: 'commonjs', strict: true, rootDir: '.', outDir: 'dist', types: [] };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    fs.writeFileSync(path.join(project, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src'] }));
    fs.writeFileSync(path.join(project, 'package-lock.json'), '{}');
    fs.writeFileSync(path.join(project, 'src/main.ts'), 'export const answer: number = 1;\n');
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['scripts/build.js', ...args], { cwd: project });
      let stderr = '';
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  const compiled = (result: { stderr: string }) => result.stderr.includes('Compiling TypeScript');
  const built = () => fs.readFileSync(path.join(project, 'dist/src/main.js'), 'utf8');

  test('compiles the first time, then not again until a source changes', async () => {
    expect(compiled(await run())).toBe(true);
    expect(built()).toContain('answer = 1');
    expect(compiled(await run())).toBe(false);

    fs.writeFileSync(path.join(project, 'src/main.ts'), 'export const answer: number = 2;\n');
    expect(compiled(await run())).toBe(true);
    expect(built()).toContain('answer = 2');

    fs.writeFileSync(path.join(project, 'src/added.ts'), 'export const added = true;\n');
    expect(compiled(await run())).toBe(true);
    expect(fs.existsSync(path.join(project, 'dist/src/added.js'))).toBe(true);
  }, 60_000);

  test('compiles again when dist/ was removed, and always with --always', async () => {
    await run();
    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    expect(compiled(await run())).toBe(true);
    expect(compiled(await run('--always'))).toBe(true);
  }, 60_000);

  test('a compile error fails the start and leaves no stamp, so the next start tries again', async () => {
    fs.writeFileSync(path.join(project, 'src/main.ts'), 'export const answer: number = "one";\n');
    expect((await run()).code).not.toBe(0);
    fs.writeFileSync(path.join(project, 'src/main.ts'), 'export const answer: number = 3;\n');
    const next = await run();
    expect([next.code, compiled(next)]).toEqual([0, true]);
  }, 60_000);

  test('three starts at once compile once, and all of them start', async () => {
    const results = await Promise.all([run(), run(), run()]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(results.filter(compiled)).toHaveLength(1);
    expect(built()).toContain('answer = 1');
  }, 60_000);

  test('a lock left by a process that died is taken over', async () => {
    fs.mkdirSync(path.join(project, 'dist'));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('close', resolve));
    fs.writeFileSync(path.join(project, 'dist/.build-lock'), String(dead.pid));
    const result = await run();
    expect([result.code, compiled(result)]).toEqual([0, true]);
    expect(fs.existsSync(path.join(project, 'dist/.build-lock'))).toBe(false);
  }, 60_000);
});
