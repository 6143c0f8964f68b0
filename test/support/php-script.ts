import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a PHP SoapClient script of test/interop with its arguments and returns its stdout; exit status 3 means ext-soap is missing. */
export async function runPhpScript(script: string, args: string[], timeoutMs = 90_000): Promise<string> {
  const file = path.join(__dirname, '..', 'interop', script);
  const { stdout } = await execFileAsync('php', [file, ...args], { timeout: timeoutMs }).catch(
    (error: { code?: number | string; stderr?: string; stdout?: string }) => {
      if (error.code === 'ENOENT')
        throw new Error('php cannot be run: apt-get install -y --no-install-recommends php-cli php-soap');
      throw new Error(
        error.code === 3
          ? `php has no soap extension: apt-get install -y --no-install-recommends php-soap\n${error.stderr}`
          : `${String(error.stderr ?? error)}\n${error.stdout ?? ''}`,
      );
    },
  );
  return stdout;
}
