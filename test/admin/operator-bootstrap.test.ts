import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOperatorCommand } from '../../src/cli/create-operator';
import { admin } from '../support/admin-client';
import { eachDatabase, testDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { codeOf, completeFirstLogin } from './users-helpers';

/**
 * `npm run cli -- create-operator`: the first operator of a deployment that does not load the
 * compatibility data set, and more operators later. Nobody can log in before it, so it is the
 * command line's to do.
 */

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const PERSON = ['--given-name', 'Ophelia', '--family-name', 'Oduya', '--email', 'ophelia.oduya@ops.example'];
const ORGANISATION = ['--ukprn', '10077700', '--organisation-name', 'Example LRS Operations'];

interface Created {
  username: string;
  oneTimePassword: string;
  lines: string[];
}

function parse(lines: string[]): Created {
  const username = /^operator: (\S+)$/m.exec(lines.join('\n'))?.[1];
  const oneTimePassword = /^one-time password, shown this once: (\S+)$/m.exec(lines.join('\n'))?.[1];
  if (!username || !oneTimePassword) throw new Error(`unexpected output: ${lines.join('\n')}`);
  return { username, oneTimePassword, lines };
}

describe.each(eachDatabase())('create-operator, on %s', (_name, database) => {
  let running: RunningGateway;
  const count = async (sql: string) => Number((await running.gateway.dataSource.query(sql))[0].n);
  const run = async (args: string[]) =>
    createOperatorCommand(running.gateway.db, running.gateway.audit, running.gateway.config, args);
  const refusal = (args: string[]) =>
    run(args).then(
      () => 'accepted',
      (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
    );

  beforeAll(async () => {
    running = await startGateway({ database, env: { SEED_ON_START: 'false' } });
  });
  afterAll(() => running.stop());

  test('with no operator organisation yet, it needs its UKPRN and name, and changes nothing without them', async () => {
    expect(await refusal(PERSON)).toMatch(/^ORGANISATION_INVALID: There is no operator organisation yet/);
    expect(await refusal([...PERSON, '--ukprn', '10077700'])).toMatch(/^ORGANISATION_INVALID/);
    expect(await count('SELECT COUNT(*) AS n FROM organisations')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(0);
  });

  test.each([
    [
      'an email that is not one',
      ['--given-name', 'Ophelia', '--family-name', 'Oduya', '--email', 'not-an-email'],
      /REQUEST_INVALID/,
    ],
    ['no family name', ['--given-name', 'Ophelia', '--email', 'o@ops.example'], /REQUEST_INVALID.*familyName/],
    ['a generic account', ['--given-name', 'Ops', '--family-name', 'Admin', '--email', 'ops@ops.example'], /GENERIC_ACCOUNT/],
    ['a UKPRN that is not one', [...PERSON, '--ukprn', '20077700', '--organisation-name', 'X'], /REQUEST_INVALID.*ukprn/],
    ['a flag without its value', [...PERSON, '--ukprn'], /--ukprn needs a value/],
  ])('%s is refused and changes nothing', async (_what, args, message) => {
    expect(await refusal([...args, ...(args.includes('--ukprn') ? [] : ORGANISATION)])).toMatch(message);
    expect(await count('SELECT COUNT(*) AS n FROM organisations')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(0);
  });

  test('the first operator: the organisation and the account are made, audited, and the operator can log in and work', async () => {
    const created = parse(await run([...PERSON, ...ORGANISATION]));
    expect(created.username).toBe('ophelia.oduya');
    expect(created.lines[0]).toBe('operator organisation 10077700 (Example LRS Operations): created');
    const organisations = await running.gateway.dataSource.query('SELECT ukprn, kind, status FROM organisations');
    expect(organisations).toEqual([{ ukprn: '10077700', kind: 'OPERATOR', status: 'ACTIVE' }]);
    const audit = await running.gateway.dataSource.query(
      "SELECT surface, operation, subject FROM audit_entries WHERE surface = 'cli' ORDER BY id",
    );
    expect(audit).toEqual([
      { surface: 'cli', operation: 'CreateOrganisation', subject: '10077700' },
      { surface: 'cli', operation: 'CreateOperator', subject: 'ophelia.oduya' },
    ]);

    const self = await admin(running.baseUrl, 'GET', '/self', { user: created.username, password: created.oneTimePassword });
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ user: { username: 'ophelia.oduya', roles: ['OPERATOR'] } });
    await completeFirstLogin(running.baseUrl, created.username, created.oneTimePassword, 'Ophelia-Oduya-2026');
    const organisation = await admin(running.baseUrl, 'POST', '/organisations', {
      user: created.username,
      password: 'Ophelia-Oduya-2026',
      body: { ukprn: '10077701', name: 'First Real Awards', kind: 'AO', recognitionNumber: 'RN7701' },
    });
    expect([organisation.status, codeOf(organisation)]).toEqual([201, 'HTTP 201']);
  });

  test('another operator joins the same organisation; another operator organisation is refused', async () => {
    const second = parse(await run(['--given-name', 'Oscar', '--family-name', 'Owusu', '--email', 'oscar.owusu@ops.example']));
    expect(second.lines[0]).toBe('operator organisation 10077700 (Example LRS Operations): already there');
    expect(second.username).toBe('oscar.owusu');
    expect(
      await refusal(['--given-name', 'Otto', '--family-name', 'Olsen', '--email', 'o@ops.example', '--ukprn', '10077799']),
    ).toBe('ORGANISATION_EXISTS: The operator organisation is 10077700; give that UKPRN, or none, to add an operator to it');
    expect(await refusal([...PERSON])).toMatch(/^USER_ALREADY_EXISTS/);
    expect(await count("SELECT COUNT(*) AS n FROM organisations WHERE kind = 'OPERATOR'")).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(2);
  });
});

test('npm run cli -- create-operator prints the operator and the one-time password, and fails with the code when refused', async () => {
  const database = testDatabase('sqlite', { sqliteFile: true });
  await database.open({ migrated: false });
  try {
    const cli = (args: string[]) =>
      execFileAsync(
        process.execPath,
        ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'index.ts'), 'create-operator', ...args],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url(), SCRYPT_COST: '1024' }, timeout: 60_000 },
      );
    const { stdout } = await cli([...PERSON, ...ORGANISATION]);
    expect(parse(stdout.trim().split('\n')).username).toBe('ophelia.oduya');
    await expect(cli(['--given-name', 'Ophelia'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^REQUEST_INVALID: /),
    });
  } finally {
    await database.drop();
  }
}, 120_000);
