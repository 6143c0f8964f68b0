import { ukDateOf } from '../../src/platform/clock';
import { runWorker } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { externalAchievement, submitAchievementBatchJob } from '../support/lrs-batch-messages';
import { aLearner, registerLearner, SCHOOL_USER } from '../support/lrs-registration-messages';
import { getLearnerLearningEvents, postR9, SCHOOL, viewAudit } from '../support/r9-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoGetLearnerRecord,
  aoVerifyLearner,
  envelope,
  firstText,
  lrsFindLearner,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';
import { childrenNamed, descendants, parseTree, type XmlNode } from '../support/xml-tree';

/**
 * One learner across every surface: registered by a school on LearnerService, verified by an awarding
 * organisation on our contract, awarded through ExternalService's batch job, read on LearnerServiceR9 and on
 * our contract, challenged by the school (an event data challenge), corrected by the awarding organisation,
 * and every read listed by ViewAudit.
 */

const AO = 'urn:lrs-gateway:ao:1';
const MODEL = 'http://api.lrs.qcf.gov.uk/model';
const AWARD_DATE = '2025-06-20';
const QUALIFICATION = '603/5678/9';

const ofModel = (node: XmlNode, local: string) => childrenNamed(node, MODEL, local)[0]?.text;

/** GetLearnerLearningEvents' code and each event's subject code, grade and UnderDataChallenge. */
function learningEvents(body: string): { responseCode?: string; events: string[][] } {
  const result = descendants(parseTree(body)).find((n) => n.local === 'GetLearnerLearningEventsResult');
  if (!result) throw new Error(`no GetLearnerLearningEventsResult in ${body.slice(0, 600)}`);
  const record = childrenNamed(result, MODEL, 'LearnerRecord')[0];
  const events = record ? childrenNamed(record, MODEL, 'LearningEvent') : [];
  return {
    responseCode: ofModel(result, 'ResponseCode'),
    events: events.map((e) => [ofModel(e, 'SubjectCode'), ofModel(e, 'Grade'), ofModel(e, 'UnderDataChallenge')] as string[]),
  };
}

describe.each(eachDatabase())('a learner’s journey across the surfaces on %s', (_name, database) => {
  let running: RunningGateway;
  const aoPost = (username: string, element: string) =>
    postSoap(`${running.baseUrl}/soap/ao`, envelope(element, passwordTextHeader(username)));
  const ao = (username: string, operation: string, body: string) =>
    aoPost(username, `<ao:${operation} xmlns:ao="${AO}">${body}</ao:${operation}>`);
  const lrs = (body: string) => postSoap(`${running.baseUrl}/LearnerService.svc`, body, { SOAPAction: '""' });

  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('registered, verified, awarded, read, challenged, corrected, and every read of the record audited', async () => {
    const today = ukDateOf(new Date());
    // LearnerService: the school searches (FUL, nobody found), then registers the learner it searched for.
    const details = aLearner({ GivenName: 'Journey', FamilyName: 'Acrossthesurfaces', DateOfBirth: '2007-09-14' });
    const search = {
      givenName: 'Journey',
      familyName: 'Acrossthesurfaces',
      dateOfBirth: '2007-09-14',
      gender: 2,
      lastKnownPostCode: 'CV4 9EE',
    };
    const searched = await lrs(envelope(lrsFindLearner(search, 'FUL', SCHOOL_USER)));
    expect(firstText(searched.body, 'ResponseCode')).toBe('WSRC0001');
    const registered = await lrs(registerLearner(details));
    expect(firstText(registered.body, 'ResponseCode')).toBe('WSRC0005');
    const uln = firstText(registered.body, 'ULN') as string;
    const learner = { uln, givenName: 'Journey', familyName: 'Acrossthesurfaces' };

    // Our contract: AO One's Awarding Body User verifies the ULN the school was given.
    const verified = await aoPost('victor.vance', aoVerifyLearner({ ...learner, dateOfBirth: '2007-09-14', gender: 2 }));
    expect(firstText(verified.body, 'ResponseCode')).toBe('WSVRC001');

    // ExternalService: AO One's record set user submits the achievement; the batch job is worked.
    const submitted = await postSoap(
      `${running.baseUrl}/ExternalService.svc`,
      submitAchievementBatchJob(
        externalAchievement({
          AchievementAwardDate: `${AWARD_DATE}T00:00:00`,
          Action: '1',
          ActionDate: `${today}T00:00:00`,
          FamilyName: learner.familyName,
          GivenName: learner.givenName,
          Grade: 'C',
          ProviderUkprn: '10099903',
          Uln: uln,
          UnitOrQualificationReferenceNumber: QUALIFICATION,
        }),
      ),
      { SOAPAction: '"http://api.lrs.qcf.gov.uk/services/IExternalService/SubmitAchievementBatchJob"' },
    );
    expect(submitted.status).toBe(200);
    await runWorker(running);

    // LearnerServiceR9: the school reads the record, the grade as awarded.
    const read = async () =>
      learningEvents((await postR9(running.baseUrl, 'GetLearnerLearningEvents', getLearnerLearningEvents(learner))).body);
    expect(await read()).toEqual({ responseCode: 'WSRC0004', events: [[QUALIFICATION, 'C', 'N']] });

    // Our contract: the school raises an event data challenge on the grade.
    const raised = await ao(
      'lena.lowe',
      'RaiseDataChallenge',
      `<ao:Achievement><ao:ULN>${uln}</ao:ULN><ao:AimReference>${QUALIFICATION}</ao:AimReference><ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Achievement>` +
        '<ao:Type>INFORMATION_WRONG</ao:Type><ao:ProblemType>GRADE_WRONG</ao:ProblemType><ao:Description>The certificate says B</ao:Description>',
    );
    expect(raised.status).toBe(200);
    const challengeId = firstText(raised.body, 'Id') as string;
    expect(await read()).toEqual({ responseCode: 'WSRC0004', events: [[QUALIFICATION, 'C', 'Y']] });

    // Our contract: AO One's QCF user corrects the grade under the challenge.
    const updated = await ao(
      'quentin.quinn',
      'UpdateAchievement',
      `<ao:Key><ao:ULN>${uln}</ao:ULN><ao:GivenName>${learner.givenName}</ao:GivenName><ao:FamilyName>${learner.familyName}</ao:FamilyName>` +
        `<ao:AimReference>${QUALIFICATION}</ao:AimReference><ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Key>` +
        `<ao:Changes><ao:Grade>B</ao:Grade></ao:Changes><ao:ActionDate>${today}</ao:ActionDate><ao:DataChallengeId>${challengeId}</ao:DataChallengeId>`,
    );
    expect(updated.status).toBe(200);
    // The challenge is still open until the AO resolves it.
    expect(await read()).toEqual({ responseCode: 'WSRC0004', events: [[QUALIFICATION, 'B', 'Y']] });

    // Our contract: AO One reads the record too, the same event.
    const ours = await aoPost('victor.vance', aoGetLearnerRecord(learner));
    expect([
      firstText(ours.body, 'SubjectCode'),
      firstText(ours.body, 'Grade'),
      firstText(ours.body, 'UnderDataChallenge'),
    ]).toEqual([QUALIFICATION, 'B', 'true']);

    // LearnerServiceR9: ViewAudit lists each read and change, the newest first.
    const audit = await postR9(running.baseUrl, 'ViewAudit', viewAudit(learner, 1, SCHOOL));
    const list = descendants(parseTree(audit.body)).filter((n) => n.ns === MODEL && n.local === 'PlrAccessEntryResponse');
    expect(list.map((e) => `${ofModel(e, 'Action')} | ${ofModel(e, 'Organisation')} | ${ofModel(e, 'User')}`)).toEqual([
      'Learning record viewed | Compat Awarding Body One | victor.vance',
      'Learning record viewed | Compat Test School | lena.lowe',
      'Achievement updated | Compat Awarding Body One | quentin.quinn',
      'Learning record viewed | Compat Test School | lena.lowe',
      'Learning record viewed | Compat Test School | lena.lowe',
      'Achievement created | Compat Awarding Body One | rita.reeves',
    ]);
  });
});
