// npm run soak: the load-and-soak test (docs/soak.md). Real gateway and worker
// processes on 127.0.0.1, bounded in time and in requests; exits non-zero on any failed check.
import { parseSoakArgs, UsageError } from './options';
import { soakDatabase } from './soak';
import { passed, renderComparison, renderResult, type SoakResult } from './summary';

async function main(): Promise<void> {
  let options;
  try {
    options = parseSoakArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message.trim());
      process.exit(64);
    }
    throw error;
  }
  const log = (line: string) => console.log(line);
  const results: SoakResult[] = [];
  for (const database of options.databases) {
    const result = await soakDatabase(database, options, log);
    console.log(renderResult(result));
    results.push(result);
  }
  if (results.length > 1) console.log(renderComparison(results));
  const failed = results.filter((r) => !passed(r)).map((r) => r.database);
  console.log(failed.length === 0 ? '\nsoak PASSED' : `\nsoak FAILED on ${failed.join(', ')}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error('soak could not run:', error);
  process.exit(1);
});
