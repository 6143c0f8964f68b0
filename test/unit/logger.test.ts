import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, scrubErrorText } from '../../src/platform/logger';
import { findForbidden } from '../support/log-needles';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('debug', false, new winston.transports.Stream({ stream })), lines };
}

describe('the logger as a second line of defence', () => {
  test('fields named like secrets are never written, however deep', () => {
    const { logger, lines } = capturingLogger();
    logger.info('login', {
      username: 'victor.vance',
      password: 'Compat-Test-2026',
      invokingUser: { OrgPassword: 'AO1WebService#01', UserName: 'victor.vance' },
      secretAnswer: 'Compat Primary School',
      headers: { authorization: 'Basic dmljdG9yOnNlY3JldA==' },
    });
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      username: 'victor.vance',
      password: '[redacted]',
      invokingUser: { OrgPassword: '[redacted]', UserName: 'victor.vance' },
      secretAnswer: '[redacted]',
      headers: { authorization: '[redacted]' },
    });
    expect(findForbidden('line', lines[0], ['Compat-Test-2026', 'AO1WebService#01', 'Compat Primary School'])).toEqual([]);
  });

  test.each([
    ["Duplicate entry '1026893096-Sample-Testname' for key 'uq_learner'", "Duplicate entry '…' for key '…'"],
    [
      "Element '{urn:lrs-gateway:ao:1}GivenName': [facet 'pattern'] The value \"Sam<ple\" is not accepted",
      "Element '…': [facet '…'] The value \"…\" is not accepted",
    ],
    ['learner 1026893096 not found', 'learner ########## not found'],
    ['connect ECONNREFUSED 127.0.0.1:3306', 'connect ECONNREFUSED 127.0.0.1:3306'],
  ])('an error text keeps what failed and loses what it quotes: %s', (text, scrubbed) => {
    expect(scrubErrorText(text)).toBe(scrubbed);
  });

  test('error fields, strings or Error objects, are scrubbed on the way out', () => {
    const { logger, lines } = capturingLogger();
    logger.error('soap call failed', { correlationId: 'c-1', error: new Error("Duplicate entry 'Testname' for key 'x'") });
    logger.warn('mail not delivered', { error: "550 mailbox 'sample.testname@aol.compatibilitytest.com' unknown" });
    expect(JSON.parse(lines[0])).toMatchObject({ correlationId: 'c-1', error: "Error: Duplicate entry '…' for key '…'" });
    expect(JSON.parse(lines[1]).error).toBe("550 mailbox '…' unknown");
  });
});
