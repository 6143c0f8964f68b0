import { clonePayload, parsePayload, type PayloadNode, writePayload, XSI } from './corpus-xml';
import { AO, EXT, GOOD_LEARNER, LRS, R9, type SurfaceName, type SurfaceUnderTest } from './hostile-soap';

/**
 * The corpus messages written by hand rather than derived: the hostile-input catalogue's attacks
 * that reach schema validation (test/red-team/xml.test.ts, built here with the same helpers), and
 * edge cases of the XSDs' simple types and instance attributes (boundaries, leap days, time zones,
 * xsi:type, xsi:schemaLocation, characters outside the BMP, mixed content), each a change to one
 * operation's valid fixture.
 */
export interface HandWrittenCase {
  operation: string;
  label: string;
  payload: (valid: PayloadNode) => PayloadNode;
}

const XS = 'http://www.w3.org/2001/XMLSchema';

/**
 * The catalogue's attacks that reach validation: the request text its builders make, on the surface's
 * VerifyLearner (EXT: GetAchievementBatchJob; R9: GetLearnerLearningEvents).
 */
function catalogueCases(s: SurfaceUnderTest): HandWrittenCase[] {
  const operation = {
    AO: 'VerifyLearner',
    LRS: 'verifyLearner',
    EXT: 'GetAchievementBatchJob',
    R9: 'GetLearnerLearningEvents',
  }[s.name];
  const learner = (change: object) => s.request(s.learnerFields({ ...GOOD_LEARNER, ...change }));
  const texts: [string, string][] =
    s.name === 'EXT'
      ? [
          ['the ordinary request', s.request(s.learnerFields(GOOD_LEARNER))],
          ['RT-XML-44 a child in the wrong namespace (unqualified jobId)', s.request('<jobId>987654</jobId>')],
        ]
      : [
          ['the ordinary request', learner({})],
          [
            'RT-XML-04 XInclude of file:///etc/passwd in a name field',
            learner({
              givenName: '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
            }),
          ],
          ['RT-XML-31 the ULN is missing', learner({ uln: undefined })],
          ['RT-XML-32 a ULN with letters', learner({ uln: '10268930AB' })],
          ['RT-XML-33 a GivenName of 36 characters', learner({ givenName: 'A'.repeat(36) })],
          ['RT-XML-34 Gender 3', learner({ gender: '3' })],
          ...orderAndNamespaceTexts(s),
          ['RT-XML-38 a ULN with a wrong check digit (9999999999)', learner({ uln: '9999999999' })],
        ];
  return texts.map(([what, text]) => ({
    operation,
    label: `hostile-input catalogue: ${what}`,
    payload: () => parsePayload(text),
  }));
}

/** RT-XML-35 to 37, written for each surface's learner elements: their order, and a namespace they must not have. */
function orderAndNamespaceTexts(s: SurfaceUnderTest): [string, string][] {
  if (s.name === 'R9') {
    const rest = s.field('dateOfBirth', '') + s.field('gender', '');
    return [
      [
        'RT-XML-35 elements in the wrong order',
        s.request(s.field('givenName', 'Sample') + s.field('uln', '1026893096') + s.field('familyName', 'Testname') + rest),
      ],
      [
        'RT-XML-36 a child in the wrong namespace (unqualified uln)',
        s.request('<uln>1026893096</uln>' + s.field('givenName', 'Sample') + s.field('familyName', 'Testname') + rest),
      ],
    ];
  }
  return [
    [
      'RT-XML-35 elements in the wrong order',
      s.request(
        s.name === 'AO'
          ? s.field('GivenName', 'Sample') + s.field('ULN', '1026893096') + s.field('FamilyName', 'Testname')
          : s.field('ULN', '1026893096') + s.field('GivenName', 'Sample') + s.field('FamilyName', 'Testname'),
      ),
    ],
    s.name === 'AO'
      ? [
          'RT-XML-36 a child in the wrong namespace (unqualified ULN)',
          s.request('<ULN>1026893096</ULN>' + s.field('GivenName', 'Sample') + s.field('FamilyName', 'Testname')),
        ]
      : [
          'RT-XML-37 children in the wrong namespace (qualified learner fields)',
          s.request(
            '<rep:ULN>1026893096</rep:ULN><rep:FamilyName>Testname</rep:FamilyName><rep:GivenName>Sample</rep:GivenName>',
          ),
        ],
  ];
}

/** Finds an element by local names from the root (`LearnerToVerify/GivenName`), first match at each step. */
export function elementAt(root: PayloadNode, where: string): PayloadNode {
  return where.split('/').reduce((node, name) => {
    const child = node.children.find((c) => c.local === name);
    if (!child) throw new Error(`no ${name} in ${node.local}`);
    return child;
  }, root);
}

const edit =
  (change: (root: PayloadNode) => void) =>
  (valid: PayloadNode): PayloadNode => {
    const root = clonePayload(valid);
    change(root);
    return root;
  };
const value = (where: string, text: string) => edit((root) => Object.assign(elementAt(root, where), { text, children: [] }));
const attribute = (where: string, ...attrs: [string, string][]) => edit((root) => elementAt(root, where).attrs.push(...attrs));
const xsiAttribute = (where: string, name: string, text: string) =>
  attribute(where, ['xmlns:corpusxsi', XSI], ['xmlns:corpusxs', XS], [`corpusxsi:${name}`, text]);
const nil = (where: string) =>
  edit((root) => {
    const node = elementAt(root, where);
    Object.assign(node, { text: '', children: [] });
    node.attrs.push(['xmlns:corpusxsi', XSI], ['corpusxsi:nil', 'true']);
  });
const nested = (where: string, depth: number) =>
  edit((root) => {
    const node = elementAt(root, where);
    node.raw = `${'<deep>'.repeat(depth)}x${'</deep>'.repeat(depth)}`;
  });

/** 35 and 36 characters of the supplementary planes: 70 and 72 UTF-16 code units, but counted in characters. */
const astral = (n: number) => '\u{1D4D0}'.repeat(n);

function edgeCases(surface: SurfaceName): HandWrittenCase[] {
  const cases: [string, string, (valid: PayloadNode) => PayloadNode][] = [];
  if (surface === 'AO') {
    const op = 'VerifyLearner';
    cases.push(
      [op, 'GivenName of exactly 35 characters', value('GivenName', 'A'.repeat(35))],
      [op, 'GivenName of 35 characters outside the BMP', value('GivenName', astral(35))],
      [op, 'GivenName of 36 characters outside the BMP', value('GivenName', astral(36))],
      [op, 'GivenName of spaces only', value('GivenName', '   ')],
      [op, 'DateOfBirth with a time zone (1976-08-16Z)', value('DateOfBirth', '1976-08-16Z')],
      [op, 'DateOfBirth with an offset (1976-08-16+01:00)', value('DateOfBirth', '1976-08-16+01:00')],
      [op, 'DateOfBirth without leading zeros (1976-8-16)', value('DateOfBirth', '1976-8-16')],
      [op, 'DateOfBirth on a leap day (2000-02-29)', value('DateOfBirth', '2000-02-29')],
      [op, 'Gender written +2', value('Gender', '+2')],
      [op, 'Gender written 02', value('Gender', '02')],
      [op, 'GivenName with xsi:type naming its base type xs:string', xsiAttribute('GivenName', 'type', 'corpusxs:string')],
      [op, 'GivenName with xsi:type naming an undeclared type', xsiAttribute('GivenName', 'type', 'corpusxs:nothing')],
      [
        op,
        'xsi:schemaLocation naming file:///etc/passwd',
        xsiAttribute('GivenName', 'schemaLocation', 'urn:lrs-gateway:ao:1 file:///etc/passwd'),
      ],
      [
        op,
        'xsi:noNamespaceSchemaLocation naming a remote schema',
        xsiAttribute('GivenName', 'noNamespaceSchemaLocation', 'http://127.0.0.1:9/evil.xsd'),
      ],
      [
        op,
        'text between the children (mixed content)',
        edit((root) => (root.raw = root.children.map((c) => writePayload(c)).join('stray text'))),
      ],
      [op, 'GivenName holding elements nested 20 deep', nested('GivenName', 20)],
      [op, 'xml:lang on GivenName', attribute('GivenName', ['xml:lang', 'en'])],
      [
        op,
        'a response element sent as the request (VerifyLearnerResponse)',
        () =>
          parsePayload(
            `<ao:VerifyLearnerResponse xmlns:ao="urn:lrs-gateway:ao:1"><ao:ResponseCode>WSVRC001</ao:ResponseCode></ao:VerifyLearnerResponse>`,
          ),
      ],
      ['UpdateAchievement', 'DataChallengeId 0 (below the minimum)', value('DataChallengeId', '0')],
      ['UpdateAchievement', 'DataChallengeId the largest xs:long', value('DataChallengeId', '9223372036854775807')],
      ['UpdateAchievement', 'DataChallengeId past the largest xs:long', value('DataChallengeId', '9223372036854775808')],
      ['CreateAchievement', 'AimReference in the A/NNN/NNNN form', value('Achievement/AimReference', 'A/601/7001')],
      ['CreateAchievement', 'Postcode of one character', value('Learner/Postcode', 'C')],
      ['ListBatchJobs', 'PageSize 200 (the maximum)', value('PageSize', '200')],
      ['ListBatchJobs', 'PageSize 201', value('PageSize', '201')],
      ['ListBatchJobs', 'Page 0', value('Page', '0')],
      ['SubmitBatchJob', 'FileName with a path', value('FileName', '../verify.csv')],
      ['SubmitBatchJob', 'Content that is not base64', value('Content', 'not base64!')],
      [
        'SetDataChallengesInProgress',
        '101 ids (one past maxOccurs)',
        edit(
          (root) =>
            (root.children = Array.from({ length: 101 }, (_, i) => ({ ...clonePayload(root.children[0]), text: String(i + 1) }))),
        ),
      ],
    );
  }
  if (surface === 'LRS') {
    const op = 'verifyLearner';
    cases.push(
      [op, 'DateOfBirth 1900-02-29 (1900 is no leap year)', value('LearnerToVerify/DateOfBirth', '1900-02-29')],
      [op, 'DateOfBirth 2000-02-29 (2000 is)', value('LearnerToVerify/DateOfBirth', '2000-02-29')],
      [op, 'DateOfBirth 1799-12-31 (before the MIAP years)', value('LearnerToVerify/DateOfBirth', '1799-12-31')],
      [op, 'FamilyName of 35 characters outside the BMP', value('LearnerToVerify/FamilyName', astral(35))],
      [op, 'FamilyName of 36 characters outside the BMP', value('LearnerToVerify/FamilyName', astral(36))],
      [op, 'OrgPassword of 16 characters outside the BMP', value('OrgPassword', astral(16))],
      [op, 'Gender nil', nil('LearnerToVerify/Gender')],
      [op, 'Gender nil with a value', xsiAttribute('LearnerToVerify/Gender', 'nil', 'true')],
      [op, 'UKPRN nil', nil('UKPRN')],
      [
        op,
        'xsi:schemaLocation naming file:///etc/passwd',
        xsiAttribute('UserName', 'schemaLocation', 'http://api.lrs.miap.gov.uk/reportmsg file:///etc/passwd'),
      ],
      [op, 'ULN holding elements nested 20 deep', nested('LearnerToVerify/ULN', 20)],
      [
        op,
        'a SOAP Fault sent as the request',
        () =>
          parsePayload(
            '<soapenv:Fault xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>soapenv:Client</faultcode><faultstring>x</faultstring></soapenv:Fault>',
          ),
      ],
      ['submitVerifyBatch', 'LearnerRecordCount 5001', value('LearnerRecordCount', '5001')],
      ['submitVerifyBatch', 'LearnerRecordCount 0', value('LearnerRecordCount', '0')],
      ['submitVerifyBatch', 'OrgEmail empty (allowed)', value('OrgEmail', '')],
      ['submitVerifyBatch', 'OrgEmail without a domain', value('OrgEmail', 'results@')],
      ['getVerifyBatchOutput', 'JobID past the largest xs:long', value('JobID', '9223372036854775808')],
    );
  }
  if (surface === 'EXT') {
    const op = 'GetAchievementBatchJob';
    cases.push(
      [op, 'jobId past the largest xs:int', value('jobId', '2147483648')],
      [op, 'jobId -1', value('jobId', '-1')],
      [op, 'jobId nil', nil('jobId')],
      [
        op,
        'a response element sent as the request (GetAchievementBatchJobResponse)',
        () => parsePayload('<ser:GetAchievementBatchJobResponse xmlns:ser="http://api.lrs.qcf.gov.uk/services"/>'),
      ],
      ['SubmitAchievementBatchJob', 'Action 1.0 (not an xs:int)', value('achievements/Achievement/Action', '1.0')],
      [
        'SubmitAchievementBatchJob',
        'AchievementAwardDate as a date without a time',
        value('achievements/Achievement/AchievementAwardDate', '2024-06-28'),
      ],
      [
        'SubmitAchievementBatchJob',
        'AchievementAwardDate with a UTC time zone',
        value('achievements/Achievement/AchievementAwardDate', '2024-06-28T00:00:00Z'),
      ],
      [
        'SubmitAchievementBatchJob',
        'Uln of 300 characters (a string here)',
        value('achievements/Achievement/Uln', '1'.repeat(300)),
      ],
      ['SubmitAchievementBatchJob', 'no achievements at all', edit((root) => (elementAt(root, 'achievements').children = []))],
    );
  }
  if (surface === 'R9') cases.push(...r9EdgeCases());
  return cases.map(([operation, label, payload]) => ({ operation, label: `edge: ${label}`, payload }));
}

/** LearnerServiceR9: WCF's required-but-nillable parameters, its enumerations and its ints. */
function r9EdgeCases(): [string, string, (valid: PayloadNode) => PayloadNode][] {
  const events = 'GetLearnerLearningEvents';
  return [
    [events, 'uln nil (nillable: the service refuses it)', nil('uln')],
    [events, 'invokingOrganisation nil (nillable: no credentials)', nil('invokingOrganisation')],
    [events, 'vendorID nil (an int, not nillable)', nil('vendorID')],
    [events, 'vendorID past the largest xs:int', value('vendorID', '2147483648')],
    [events, 'vendorId spelt as on the other operations', edit((root) => (elementAt(root, 'vendorID').local = 'vendorId'))],
    [events, 'dateOfBirth not yyyy-mm-dd (a string here)', value('dateOfBirth', '16/08/1976')],
    [events, 'getType BRIEF (a string here)', value('getType', 'BRIEF')],
    [
      events,
      'a response element sent as the request (GetLearnerLearningEventsResponse)',
      () => parsePayload('<tem:GetLearnerLearningEventsResponse xmlns:tem="http://tempuri.org/"/>'),
    ],
    ['LearnerByUln', 'ChannelCode not in the enumeration', value('invokingOrganisation/ChannelCode', 'Email')],
    ['LearnerByUln', 'Estab nil', nil('invokingOrganisation/Estab')],
    ['LearnerByUln', 'findType CHK', value('findType', 'CHK')],
    ['UpdateLearnerSubsetFields', 'abilityToShare not in the enumeration', value('abilityToShare', 'Yes')],
    ['UpdateLearnerSubsetFields', 'abilityToShare nil (an enumeration, not nillable)', nil('abilityToShare')],
    ['UpdateLearnerSubsetFields', 'versionNumber 1.5', value('versionNumber', '1.5')],
    ['UpdateLearnerSubsetFields', 'emailAddress nil (left as it is)', nil('emailAddress')],
    ['ViewAudit', 'page 0 (an int here: the service refuses it)', value('page', '0')],
    ['ViewAudit', 'page -2147483649', value('page', '-2147483649')],
    ['GetOrganisation', 'userType lower case (not in the enumeration)', value('userType', 'org')],
    ['GetOrganisation', 'userType Unknown', value('userType', 'Unknown')],
  ];
}

export function handWrittenCases(surface: SurfaceName): HandWrittenCase[] {
  const s = { AO, LRS, EXT, R9 }[surface];
  return [...catalogueCases(s), ...edgeCases(surface)];
}
