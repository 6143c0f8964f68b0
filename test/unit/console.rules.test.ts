import { batchView, progressOf } from '../../src/console/batch-view.rules';
import { codeView, type Token } from '../../src/console/code-view.rules';
import {
  coverageGroups,
  filterQueryString,
  kindText,
  readInstant,
  readJournalFilters,
} from '../../src/console/journal-view.rules';
import { readInjectionForm, sandboxNotice, snapshotNameError } from '../../src/console/sandbox-forms.rules';
import {
  cookieValue,
  csrfTokenOf,
  originAllowed,
  sessionEnded,
  setCookie,
  tokenDigest,
  tokensMatch,
  wellFormedToken,
  worthTouching,
} from '../../src/console/session.rules';

const at = (iso: string) => new Date(iso);
const POLICY = { idleMinutes: 30, maxHours: 8 };
const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('console sessions', () => {
  test.each([
    ['just signed in', '09:00', '09:00', '09:00', undefined],
    ['used a minute before the idle limit', '09:00', '09:00', '09:29', undefined],
    ['unused for the idle limit', '09:00', '09:00', '09:30', 'IDLE'],
    ['used recently, before the time limit', '09:00', '16:50', '16:59', undefined],
    ['at the time limit however recently used', '09:00', '16:59', '17:00', 'TOO_OLD'],
    ['both: the time limit is said', '09:00', '09:00', '18:00', 'TOO_OLD'],
  ])('a session %s: %s', (_what, created, lastSeen, now, ended) => {
    const day = (time: string) => at(`2026-12-07T${time}:00Z`);
    expect(sessionEnded({ createdAt: day(created), lastSeenAt: day(lastSeen) }, day(now), POLICY)).toBe(ended);
  });

  test('its last use is written at most once a minute', () => {
    expect(worthTouching(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:00:59Z'))).toBe(false);
    expect(worthTouching(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:01:00Z'))).toBe(true);
  });

  test('the table keeps a digest of the token, and the form token is derived from it but is not it', () => {
    expect(tokenDigest(TOKEN)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(TOKEN)).not.toContain(TOKEN);
    expect(csrfTokenOf(TOKEN)).toBe(csrfTokenOf(TOKEN));
    expect(csrfTokenOf(TOKEN)).not.toBe(csrfTokenOf(`${TOKEN.slice(1)}x`));
    expect(csrfTokenOf(TOKEN)).not.toContain(TOKEN);
  });

  test.each([
    [TOKEN, TOKEN, true],
    [TOKEN, `${TOKEN.slice(1)}x`, false],
    [TOKEN, TOKEN.slice(1), false],
    [TOKEN, undefined, false],
    [TOKEN, ['array'], false],
    [TOKEN, '', false],
  ])('form token %#: matches %s', (expected, presented, matches) => {
    expect(tokensMatch(expected, presented)).toBe(matches);
  });

  test.each([
    [TOKEN, true],
    [TOKEN.slice(1), false],
    [`${TOKEN}x`, false],
    [`${TOKEN.slice(1)}=`, false],
    [undefined, false],
  ])('a cookie value %s is one of our tokens: %s', (value, ours) => {
    expect(wellFormedToken(value)).toBe(ours);
  });

  test('cookies are HttpOnly and SameSite=Strict always, Secure over TLS, cleared with Max-Age=0', () => {
    expect(setCookie('s', 'v', { path: '/console', secure: false })).toBe('s=v; Path=/console; HttpOnly; SameSite=Strict');
    expect(setCookie('s', 'v', { path: '/console', secure: true })).toBe('s=v; Path=/console; HttpOnly; SameSite=Strict; Secure');
    expect(setCookie('s', '', { path: '/console', secure: true, maxAgeSeconds: 0 })).toMatch(/; Secure; Max-Age=0$/);
  });

  test.each([
    [undefined, 'lrs_console_session', undefined],
    ['a=1; lrs_console_session=xyz; b=2', 'lrs_console_session', 'xyz'],
    ['lrs_console_session=first; lrs_console_session=second', 'lrs_console_session', 'first'],
    ['xlrs_console_session=no', 'lrs_console_session', undefined],
    ['lrs_console_session=', 'lrs_console_session', ''],
  ])('the cookie header %s gives %s = %s', (header, name, value) => {
    expect(cookieValue(header, name)).toBe(value);
  });

  test.each([
    [undefined, '127.0.0.1:8080', false, true],
    ['http://127.0.0.1:8080', '127.0.0.1:8080', false, true],
    ['https://lrs.example.org', 'lrs.example.org', true, true],
    ['http://lrs.example.org', 'lrs.example.org', true, false],
    ['http://attacker.example', '127.0.0.1:8080', false, false],
    ['null', '127.0.0.1:8080', false, false],
    ['http://127.0.0.1:8080', undefined, false, false],
  ])('a form from origin %s to host %s (TLS %s) is allowed: %s', (origin, host, secure, allowed) => {
    expect(originAllowed(origin, host, secure)).toBe(allowed);
  });
});

/** The text of each laid-out line, tokens joined. */
const texts = (lines: { tokens: Token[] }[]) => lines.map((line) => line.tokens.map((token) => token.text).join(''));

describe('bodies laid out for reading', () => {
  const ONE_LINE =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:VerifyLearner xmlns:r="urn:x">' +
    '<r:UKPRN>10099901</r:UKPRN><UserName>victor.vance</UserName><Learner><ULN>1026893096</ULN><Empty/></Learner>' +
    '</r:VerifyLearner></s:Body></s:Envelope>';

  test('one element to a line, indented by depth, short elements whole on their line', () => {
    expect(texts(codeView(ONE_LINE, 'xml').lines)).toEqual([
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">',
      '  <s:Body>',
      '    <r:VerifyLearner xmlns:r="urn:x">',
      '      <r:UKPRN>10099901</r:UKPRN>',
      '      <UserName>victor.vance</UserName>',
      '      <Learner>',
      '        <ULN>1026893096</ULN>',
      '        <Empty/>',
      '      </Learner>',
      '    </r:VerifyLearner>',
      '  </s:Body>',
      '</s:Envelope>',
    ]);
  });

  test('tokens say what each part is: markup, element and attribute names, values, text', () => {
    const [first, , , ukprn] = codeView(ONE_LINE, 'xml').lines;
    expect(first.tokens.map((t) => t.kind)).toEqual(['markup', 'name', 'space', 'attribute', 'markup', 'value', 'markup']);
    expect(ukprn.tokens.filter((t) => t.kind !== 'space').map((t) => [t.kind, t.text])).toEqual([
      ['markup', '<'],
      ['name', 'r:UKPRN'],
      ['markup', '>'],
      ['text', '10099901'],
      ['markup', '</'],
      ['name', 'r:UKPRN'],
      ['markup', '>'],
    ]);
  });

  test('a message sent on one line: the diagnostic marks the line of the element it names, not the first', () => {
    const view = codeView(ONE_LINE, 'xml', [{ line: 1, element: 'UKPRN' }]);
    expect(view.lines.filter((l) => l.flagged).map((l) => texts([l])[0].trim())).toEqual(['<r:UKPRN>10099901</r:UKPRN>']);
    expect(view.locate({ line: 1, element: 'UKPRN' })).toBe(4);
    expect(view.locate({ line: 1 })).toBe(1);
    expect(view.lines.map((l) => l.sourceLine)).toEqual([1, ...Array(11).fill(undefined)]);
  });

  test('a message over several lines: the margin shows where each original line starts; a mark without element takes its first', () => {
    const text = '<a>\n  <b>1</b><c>2</c>\n  <d\n    x="1">3</d>\n</a>';
    const view = codeView(text, 'xml', [{ line: 2 }, { line: 4 }]);
    expect(texts(view.lines)).toEqual(['<a>', '  <b>1</b>', '  <c>2</c>', '  <d x="1">3</d>', '</a>']);
    expect(view.lines.map((l) => l.sourceLine)).toEqual([1, 2, undefined, 3, 5]);
    // Line 4 is inside the tag that starts on line 3.
    expect(view.lines.map((l) => l.flagged)).toEqual([false, true, false, true, false]);
    expect(view.locate({ line: 9 })).toBe(5);
    expect(view.locate({ line: 0 })).toBeUndefined();
  });

  test.each([
    ['an unclosed tag at the end', '<a><b>1</b><c x="1"', ['<a>', '  <b>1</b>', '  <c x="1"']],
    ['a stray <', '<a>1 < 2</a>', ['<a>', '  1', '  < 2', '</a>']],
    [
      'a body cut short, with its note',
      '<a><b>12\n[… 40 more characters not kept]',
      ['<a>', '  <b>', '    12', '    [… 40 more characters not kept]'],
    ],
    [
      'a comment, a CDATA section and a declaration',
      '<?xml version="1.0"?><a><!-- c --><![CDATA[<x>]]></a>',
      ['<?xml version="1.0"?>', '<a>', '  <!-- c -->', '  <![CDATA[<x>]]>', '</a>'],
    ],
    ['not XML at all', 'hello', ['hello']],
    ['nothing', '', []],
    ['a quoted > inside an attribute', '<a t="x>y">1</a>', ['<a t="x>y">1</a>']],
  ])('what a caller may send is laid out without failing: %s', (_what, text, lines) => {
    expect(texts(codeView(text, 'xml').lines)).toEqual(lines);
  });

  test('markup a caller sent stays text in the tokens: nothing here turns it into markup', () => {
    const view = codeView('<a><script>alert(1)</script><img src=x onerror="go()"/></a>', 'xml');
    expect(view.lines.flatMap((l) => l.tokens).find((t) => t.text === 'script')?.kind).toBe('name');
    expect(texts(view.lines)).toContain('  <img src=x onerror="go()"/>');
  });

  test('deep nesting is indented only so far', () => {
    const deep = `${'<a>'.repeat(100)}x${'</a>'.repeat(100)}`;
    const widest = Math.max(
      ...codeView(deep, 'xml').lines.map((l) => (l.tokens[0].kind === 'space' ? l.tokens[0].text.length : 0)),
    );
    expect(widest).toBe(48);
  });

  test('JSON is indented, its keys and values told apart; text that is not JSON is shown as it is', () => {
    const view = codeView('{"username":"dana.dixon","roles":["DEVELOPER"]}', 'json');
    expect(texts(view.lines)).toEqual(['{', '  "username": "dana.dixon",', '  "roles": [', '    "DEVELOPER"', '  ]', '}']);
    expect(view.lines[1].tokens.map((t) => t.kind)).toEqual(['space', 'attribute', 'markup', 'value']);
    expect(texts(codeView('[12 characters that are not JSON]', 'json').lines)).toEqual(['[12 characters that are not JSON]']);
  });
});

describe('the journal filters', () => {
  test.each([
    ['2026-12-06', 'from', '2026-12-06T00:00:00.000Z'],
    ['2026-12-06', 'to', '2026-12-06T23:59:59.999Z'],
    ['2026-12-06T09:30', 'from', '2026-12-06T09:30:00.000Z'],
    ['2026-12-06 09:30:15', 'from', '2026-12-06T09:30:15.000Z'],
    ['2026-12-06T09:30Z', 'to', '2026-12-06T09:30:00.000Z'],
    ['2026-12-06T09:30+01:00', 'from', '2026-12-06T08:30:00.000Z'],
    ['2026-02-30', 'from', undefined],
    ['2026-12-06T25:00', 'from', undefined],
    ['yesterday', 'from', undefined],
    ['06/12/2026', 'from', undefined],
  ] as const)('%s as %s is %s', (text, end, iso) => {
    expect(readInstant(text, end)).toBe(iso);
  });

  test('good filters become the admin API query; each bad one is an error on its own field', () => {
    const read = readJournalFilters(
      { surface: 'soap-lrs', operation: ' verifyLearner ', outcome: 'refused', correlationId: 'short', from: 'soon', page: '2' },
      false,
    );
    expect(read.query).toEqual({ surface: 'soap-lrs', operation: 'verifyLearner', outcome: 'REFUSED' });
    expect(Object.keys(read.errors).sort()).toEqual(['correlationId', 'from']);
    expect(read.values.from).toBe('soon');
  });

  test('the organisation filter is an operator’s only, and To must not be before From', () => {
    expect(readJournalFilters({ organisation: '10099901' }, false).query).toEqual({});
    expect(readJournalFilters({ organisation: '10099901' }, true).query).toEqual({ organisation: '10099901' });
    expect(readJournalFilters({ organisation: '1009' }, true).errors.organisation).toBeDefined();
    const backwards = readJournalFilters({ from: '2026-12-07', to: '2026-12-06' }, false);
    expect(backwards.errors.to).toBe('To must be the same as or after From');
    expect(backwards.query.to).toBeUndefined();
    expect(readJournalFilters({ surface: 'smtp' }, false).errors.surface).toBeDefined();
  });

  test('links keep the filters in force', () => {
    expect(filterQueryString({ surface: 'admin', outcome: 'OK' }, { page: '3' })).toBe('surface=admin&outcome=OK&page=3');
  });

  test('the coverage checklist by operation, with how much of each was seen and links to what showed it', () => {
    const line = (operation: string, key: string, seenIn: number | null) => ({
      operation,
      key,
      label: key,
      howTo: `do ${key}`,
      seenIn,
    });
    expect(
      coverageGroups([line('verifyLearner', 'OK', 7), line('verifyLearner', 'Fault:X', null), line('GetBatchJob', 'OK', null)]),
    ).toEqual([
      {
        operation: 'verifyLearner',
        seen: 1,
        total: 2,
        rows: [
          { label: 'OK', howTo: 'do OK', seenHref: '/console/journal/7' },
          { label: 'Fault:X', howTo: 'do Fault:X', seenHref: undefined },
        ],
      },
      { operation: 'GetBatchJob', seen: 0, total: 1, rows: [{ label: 'OK', howTo: 'do OK', seenHref: undefined }] },
    ]);
  });

  test('a diagnostic kind reads as words', () => {
    expect(kindText('QUALIFIED_WHERE_UNQUALIFIED')).toBe('Qualified where unqualified');
  });
});

describe('the fault-injection and snapshot forms', () => {
  test('a delay needs its milliseconds, a fault its code; minutes become the API’s seconds', () => {
    expect(readInjectionForm({ action: 'DELAY', count: '1', expiresInMinutes: '5' }).errors).toHaveProperty('delayMs');
    expect(readInjectionForm({ action: 'FAULT', count: '1', expiresInMinutes: '5' }).errors).toHaveProperty('fault');
    expect(
      readInjectionForm({ action: 'FAULT', fault: 'wsec0004', operation: 'verifyLearner', count: '2', expiresInMinutes: '10' })
        .body,
    ).toEqual({
      action: 'FAULT',
      fault: 'WSEC0004',
      operation: 'verifyLearner',
      count: 2,
      expiresInSeconds: 600,
    });
    // A delay typed while another action is chosen is not sent.
    expect(readInjectionForm({ action: 'HTTP_503', delayMs: '500', count: '1', expiresInMinutes: '1' }).body).toEqual({
      action: 'HTTP_503',
      count: 1,
      expiresInSeconds: 60,
    });
  });

  test.each([
    [{}, ['action', 'count', 'expiresInMinutes']],
    [{ action: 'EXPLODE', count: '0', expiresInMinutes: '1441' }, ['action', 'count', 'expiresInMinutes']],
    [{ action: 'RESET', count: '1001', expiresInMinutes: '1', operation: 'verify learner' }, ['count', 'operation']],
    [{ action: 'DELAY', delayMs: '120001', count: '1', expiresInMinutes: '1' }, ['delayMs']],
    [{ action: 'TIMEOUT', count: '1.5', expiresInMinutes: '1' }, ['count']],
  ])('form %# has errors on %s', (form, fields) => {
    expect(Object.keys(readInjectionForm(form).errors).sort()).toEqual([...fields].sort());
  });

  test.each([
    ['', 'Enter a name for the snapshot'],
    ['before-tests_2.v1', undefined],
    ['has space', 'A snapshot name is 1 to 60 letters, digits, dots, hyphens or underscores'],
    ['x'.repeat(61), 'A snapshot name is 1 to 60 letters, digits, dots, hyphens or underscores'],
  ])('snapshot name %j: %s', (name, error) => {
    expect(snapshotNameError(name)).toBe(error);
  });

  test('the notice after a form is made from a fixed list; nothing else a link carries is printed', () => {
    expect(sandboxNotice({ done: 'reset', achievements: '3', dataChallenges: '1' })).toBe(
      'Your sandbox was reset: 3 achievements and 1 data challenges removed.',
    );
    expect(sandboxNotice({ done: 'reset', achievements: '<b>3</b>' })).toBe(
      'Your sandbox was reset: 0 achievements and 0 data challenges removed.',
    );
    expect(sandboxNotice({ done: 'saved', name: '<script>' })).toBeUndefined();
    expect(sandboxNotice({ done: 'saved', name: 'before' })).toBe('Snapshot before saved.');
    expect(sandboxNotice({ done: 'hacked' })).toBeUndefined();
  });
});

describe('batch jobs as the console shows them', () => {
  test.each([
    [
      { rowsProcessed: 0, rowCount: null, rowsFailed: 0 },
      { value: 0, max: 0, text: '0 rows done' },
    ],
    [
      { rowsProcessed: 120, rowCount: 500, rowsFailed: 0 },
      { value: 120, max: 500, text: '120 of 500 rows done' },
    ],
    [
      { rowsProcessed: 500, rowCount: 500, rowsFailed: 3 },
      { value: 500, max: 500, text: '500 of 500 rows done, 3 refused' },
    ],
  ])('progress %#', (job, progress) => {
    expect(progressOf(job)).toEqual(progress);
  });

  test('a running job is followed; outcomes are listed by code', () => {
    const view = batchView({
      jobId: 7,
      type: 'ACHIEVEMENT',
      format: 'XML',
      fileName: 'a.xml',
      status: 'IN_PROGRESS',
      submittedAt: '2026-12-07T09:00:00.000Z',
      rowCount: 10,
      rowsProcessed: 4,
      rowsSucceeded: 4,
      rowsFailed: 0,
      outcomes: { WSRC0001: 3, OK: 1 },
    });
    expect(view).toMatchObject({
      id: 7,
      href: '/console/batches/7',
      kind: 'Achievements',
      running: true,
      submitted: '2026-12-07 09:00:00 UTC',
    });
    expect(view.status.text).toBe('In progress');
    expect(view.outcomes).toEqual([
      { code: 'OK', rows: 1 },
      { code: 'WSRC0001', rows: 3 },
    ]);
  });
});
