import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The SOAP clients the interoperability tests run as subprocesses (test/interop/): Python zeep and
 * PHP SoapClient. A missing client fails its tests with the apt package to install; it never skips.
 */
const execFileAsync = promisify(execFile);
/** zeep is a Debian package: only the system interpreter sees it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SUBPROCESS_TIMEOUT_MS = 60_000;

export async function requireZeep(): Promise<void> {
  try {
    await execFileAsync(SYSTEM_PYTHON, ['-c', 'import zeep'], { timeout: SUBPROCESS_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `${SYSTEM_PYTHON} cannot import zeep (${failureText(error)}). ` +
        "Install Debian's package: apt-get install -y --no-install-recommends python3-zeep",
    );
  }
}

export async function requirePhpSoap(): Promise<void> {
  let modules: string;
  try {
    modules = (await execFileAsync('php', ['-m'], { timeout: SUBPROCESS_TIMEOUT_MS })).stdout;
  } catch (error) {
    throw new Error(
      `php cannot be run (${failureText(error)}). Install it: apt-get install -y --no-install-recommends php-cli php-soap`,
    );
  }
  if (!/^soap$/im.test(modules)) {
    throw new Error(
      'php has no soap extension (php -m does not list soap). Install it: apt-get install -y --no-install-recommends php-soap',
    );
  }
}

/** Runs a client and parses each line it prints as JSON. */
export async function runJsonLines<T>(command: string, args: string[]): Promise<T[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(command, args, { timeout: SUBPROCESS_TIMEOUT_MS, maxBuffer: 8 << 20 }));
  } catch (error) {
    throw new Error(`${command} ${args.slice(0, 1).join(' ')} failed: ${failureText(error)}`);
  }
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** The first line of execFile's message (the rest repeats stderr), then stderr and stdout. */
function failureText(error: unknown): string {
  const e = error as { message?: string; stderr?: string; stdout?: string; killed?: boolean; signal?: string };
  const head = e.killed
    ? `killed by ${e.signal} (timeout ${SUBPROCESS_TIMEOUT_MS} ms)`
    : (e.message ?? String(error)).split('\n')[0];
  const parts = [head];
  if (e.stderr?.trim()) parts.push(`stderr: ${e.stderr.trim()}`);
  if (e.stdout?.trim()) parts.push(`stdout: ${e.stdout.trim()}`);
  return parts.join('; ');
}
