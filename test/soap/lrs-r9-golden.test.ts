import fs from 'node:fs';
import path from 'node:path';
import { type LibXml, loadLibXml } from '../../src/platform/xml/libxml';
import { eachDatabase } from '../support/databases';
import { differences, type Node, requireXmllint, toTree, type VaryingLeaf, xmllintValidate } from '../support/golden-xml';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { awardsBy } from '../support/awards';

/**
 * Golden files for GetLearnerLearningEvents of LearnerServiceR9.svc
 * (test/fixtures/golden/lrs-r9/get-learner-learning-events/<case>/request.xml and response.xml), one for
 * each recorded answer of the real service (test/fixtures/golden/lrs-r9/recorded/): exact match, linked
 * ULN, a learner who has not agreed to share, details that do not verify. Each request is posted to a
 * gateway holding the achievements the case needs, and the reply compared with response.xml as XML
 * (names with namespaces, order, attributes such as i:nil, text). Each response.xml is compared with its
 * recording: the same elements in the same namespaces, the same response code, FoundULN empty or not
 * alike, as many events, and events whose members are the recorded ones.
 */

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const GOLDEN_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'golden', 'lrs-r9', 'get-learner-learning-events');
const RECORDED_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'golden', 'lrs-r9', 'recorded');
const ENVELOPE_SCHEMA = path.join(PROJECT_ROOT, 'wsdl', 'envelope-learner-service-r9.xsd');
const SOAP_ACTION = '"http://tempuri.org/ILearnerServiceR9/GetLearnerLearningEvents"';
const MODEL = 'http://api.lrs.qcf.gov.uk/model';
const m = (local: string) => `{${MODEL}}${local}`;

/** Each golden case and the recording it answers. */
const RECORDING_OF: Record<string, string> = {
  'exact-match-full': 'recorded-get_learning_events_exact_match_full.xml',
  'linked-match-full': 'recorded-get_learning_events_linked_match_full.xml',
  'not-shared': 'recorded-get_learning_events_not_shared.xml',
  'not-verified': 'recorded-get_learning_events_not_verified.xml',
};
const CASES = Object.keys(RECORDING_OF);

/** LearningEvent members only the Learner Register's own sources (the ILR) fill; an awarding organisation's event has none. */
const ILR_ONLY = ['CollectionType', 'ParticipationEndDate', 'ParticipationStartDate', 'Restriction', 'ReturnNumber'].map(m);

const VARYING: Record<string, VaryingLeaf> = {
  [`${m('LearningEvent')}/${m('ID')}`]: (_expected, actual) => (/^[1-9]\d*$/.test(actual) ? undefined : `ID "${actual}"`),
  [`${m('LearningEvent')}/${m('DateLoaded')}`]: (_expected, actual) =>
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(actual) ? undefined : `DateLoaded "${actual}" is not yyyy-MM-dd HH:mm:ss`,
};

const golden = (name: string, file: 'request.xml' | 'response.xml') => path.join(GOLDEN_DIR, name, file);
const recorded = (name: string) => path.join(RECORDED_DIR, RECORDING_OF[name]);

test('the golden cases are the four recorded answers, and nothing else', () => {
  const dirs = fs
    .readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  expect(dirs.sort()).toEqual([...CASES].sort());
  expect(
    fs
      .readdirSync(RECORDED_DIR)
      .filter((f) => f.endsWith('.xml'))
      .sort(),
  ).toEqual(Object.values(RECORDING_OF).sort());
});

describe('the golden files and recordings against wsdl/envelope-learner-service-r9.xsd (xmllint)', () => {
  beforeAll(requireXmllint);

  test.each(CASES.flatMap((name) => [[`${name}/request.xml`], [`${name}/response.xml`]]))('%s validates', async (relative) => {
    const [name, file] = relative.split('/') as [string, 'request.xml' | 'response.xml'];
    expect(await xmllintValidate(ENVELOPE_SCHEMA, golden(name, file))).toEqual({
      valid: true,
      output: expect.stringContaining('validates'),
    });
  });

  test.each(CASES.filter((name) => name !== 'exact-match-full'))('the %s recording validates', async (name) => {
    expect((await xmllintValidate(ENVELOPE_SCHEMA, recorded(name))).valid).toBe(true);
  });

  test('the exact-match recording, a template in an order of its own, fails only on its order', async () => {
    const result = await xmllintValidate(ENVELOPE_SCHEMA, recorded('exact-match-full'));
    expect(result.valid).toBe(false);
    expect(result.output).toMatch(/ResponseCode'\: This element is not expected/);
  });
});

describe('each golden response has the shape of its recording', () => {
  let lib: LibXml;
  beforeAll(async () => {
    lib = await loadLibXml();
  });

  test.each(CASES)('%s', (name) => {
    const ours = resultOf(toTree(lib, fs.readFileSync(golden(name, 'response.xml'), 'utf8')));
    const theirs = resultOf(toTree(lib, fs.readFileSync(recorded(name), 'utf8')));
    expect(ours.path.replace(/\[\d+\]/g, '')).toBe(theirs.path.replace(/\[\d+\]/g, ''));
    expect(ours.children.map((c) => c.name)).toEqual(inDataContractOrder(theirs.children.map((c) => c.name)));
    expect(leaf(ours, 'ResponseCode')).toBe(leaf(theirs, 'ResponseCode'));
    expect(leaf(ours, 'FoundULN') === '').toBe(leaf(theirs, 'FoundULN') === '');
    const ourEvents = events(ours);
    const theirEvents = events(theirs);
    expect(ourEvents.length).toBe(theirEvents.length);
    ourEvents.forEach((event, i) => {
      const members = event.children.map((c) => c.name);
      const recordedMembers = theirEvents[i].children.map((c) => c.name);
      expect(members).toEqual([...members].sort());
      expect(members).toEqual([...recordedMembers].filter((n) => !ILR_ONLY.includes(n)).sort());
    });
  });
});

describe.each(eachDatabase())('GetLearnerLearningEvents against the golden files on %s', (_name, database) => {
  let running: RunningGateway;
  let lib: LibXml;
  beforeAll(async () => {
    lib = await loadLibXml();
    running = await startGateway({ database });
    const unit = await awardsBy(running.gateway, 'quentin.quinn');
    await unit(learner('1174112637', 'TestOne', 'TesterOne'), 'D/601/7002', '2024-06-30', 'Pass', '10099903');
    await unit(learner('4444599390', 'Sample', 'Test'), 'A/601/7001', '2024-05-31', 'Pass', '10099903');
    await unit(learner('1026922983', 'Private', 'Testlearner'), 'F/601/7003', '2024-06-30', 'Pass', '10099903');
  });
  afterAll(() => running.stop());

  test.each(CASES)('%s: the reply has the shape and values of response.xml', async (name) => {
    const response = await fetch(`${running.baseUrl}/LearnerServiceR9.svc`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: SOAP_ACTION },
      body: fs.readFileSync(golden(name, 'request.xml')),
    });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml\b/);
    const expected = toTree(lib, fs.readFileSync(golden(name, 'response.xml'), 'utf8'));
    const context = { correlationId: response.headers.get('x-correlation-id') ?? '' };
    expect(differences(expected, toTree(lib, body), context, VARYING)).toEqual([]);
  });
});

const learner = (uln: string, givenName: string, familyName: string) => ({ uln, givenName, familyName });

function resultOf(envelope: Node): Node {
  const result = envelope.children[0]?.children[0]?.children[0];
  if (!result) throw new Error('no GetLearnerLearningEventsResult');
  return result;
}

function leaf(result: Node, local: string): string | undefined {
  return result.children.find((c) => c.name === m(local))?.text;
}

function events(result: Node): Node[] {
  return result.children.find((c) => c.name === m('LearnerRecord'))?.children ?? [];
}

/** The base member ResponseCode first, then the derived type's members alphabetically. */
function inDataContractOrder(names: string[]): string[] {
  const base = names.filter((n) => n === m('ResponseCode'));
  return [...base, ...names.filter((n) => n !== m('ResponseCode')).sort()];
}
