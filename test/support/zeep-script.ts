import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
/** zeep is a Debian package: only the system interpreter sees it. */
const SYSTEM_PYTHON = '/usr/bin/python3';

/** Runs a zeep script of test/interop with its arguments and returns its stdout; exit status 3 means zeep is missing. */
export async function runZeepScript(script: string, args: string[], timeoutMs = 90_000): Promise<string> {
  const file = path.join(__dirname, '..', 'interop', script);
  const { stdout } = await execFileAsync(SYSTEM_PYTHON, [file, ...args], { timeout: timeoutMs }).catch(
    (error: { code?: number; stderr?: string }) => {
      throw new Error(
        error.code === 3 ? `zeep missing: apt-get install python3-zeep\n${error.stderr}` : String(error.stderr ?? error),
      );
    },
  );
  return stdout;
}
