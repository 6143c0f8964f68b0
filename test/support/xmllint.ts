import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** How many files one xmllint run is given (its command line stays far below the system's limit). */
const FILES_PER_RUN = 500;

/**
 * xmllint's verdict on each file against one schema, from as few runs as possible: xmllint
 * compiles the schema once per run and says "<file> validates" or "<file> fails to validate"
 * for each file. Files are named relative to `directory`. A file without a verdict is an error.
 */
export async function xmllintVerdicts(
  schemaFile: string,
  directory: string,
  files: string[],
): Promise<Map<string, { valid: boolean; output: string }>> {
  const verdicts = new Map<string, { valid: boolean; output: string }>();
  for (let start = 0; start < files.length; start += FILES_PER_RUN) {
    const batch = files.slice(start, start + FILES_PER_RUN);
    const output = await runXmllint(['--noout', '--nonet', '--schema', schemaFile, ...batch], directory);
    const messages = new Map<string, string[]>();
    for (const line of output.split('\n')) {
      const verdict = /^(\S+) (validates|fails to validate)$/.exec(line);
      if (verdict)
        verdicts.set(verdict[1], { valid: verdict[2] === 'validates', output: (messages.get(verdict[1]) ?? []).join('\n') });
      else {
        const file = /^(\S+?):/.exec(line)?.[1];
        if (file) messages.set(file, [...(messages.get(file) ?? []), line]);
      }
    }
  }
  const missing = files.filter((f) => !verdicts.has(f));
  if (missing.length > 0) throw new Error(`xmllint gave no verdict on ${missing.length} files, e.g. ${missing[0]}`);
  return verdicts;
}

async function runXmllint(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync('xmllint', args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new Error('xmllint cannot be run: apt-get install -y --no-install-recommends libxml2-utils');
    }
    // Exit status 3: some files fail to validate; the verdicts are in the output all the same.
    if (typeof e.code !== 'number') throw error;
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}
