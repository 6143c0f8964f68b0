import { mandatoryDetailsOf } from '../../src/learners/learner-fields.rules';
import type { SearchedDetails } from '../../src/learners/registration.rules';
import { isValidUln } from '../../src/learners/uln';
import { eachDatabase } from '../support/databases';
import { submitVerifyBatch } from '../support/lrs-batch-messages';
import {
  aLearner,
  AO_ONE_BATCH_USER,
  AO_TWO_USER,
  type Credentials,
  getBatchRegistrationOutput,
  type Learner,
  outputLearners,
  registerLearner,
  SCHOOL_USER,
  submitBatchRegistration,
} from '../support/lrs-registration-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { firstText, postSoap } from '../support/soap-messages';

const LRS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Batch registration end to end: submitBatchRegistration stores the learners as a job, the batch
 * worker works each row through the registration, update and verification use cases, and
 * getBatchRegistrationOutput answers the counts and each learner's ReturnCode.
 */
describe.each(eachDatabase())('batch registration through a batch worker on %s', (_name, database) => {
  let running: RunningGateway;
  let schoolId: number;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    const rows: { id: number }[] = await running.gateway.dataSource.query(
      "SELECT id FROM organisations WHERE ukprn = '10099903'",
    );
    schoolId = Number(rows[0].id);
  });
  afterAll(() => running.stop());

  const post = (body: string) => postSoap(`${running.baseUrl}/LearnerService.svc`, body, { SOAPAction: '""' });
  const submit = async (jobType: 'FUL' | 'CHK', learners: Learner[], as?: Credentials) => {
    const reply = await post(submitBatchRegistration(jobType, learners, { as }));
    expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0007');
    return firstText(reply.body, 'JobID') as string;
  };
  const output = (jobId: string, as?: Credentials) => post(getBatchRegistrationOutput(jobId, as));
  const workAndRead = async (jobId: string, as?: Credentials) => {
    await running.gateway.batches.worker.drain();
    return output(jobId, as);
  };
  /** A learner registered by a single call, with their ULN. */
  const registered = async (learner: Learner) => {
    await running.gateway.registration.searches.record({
      organisationId: schoolId,
      findType: 'FUL',
      responseCode: 'WSRC0001',
      details: mandatoryDetailsOf(learner) as SearchedDetails,
    });
    return firstText((await post(registerLearner(learner))).body, 'ULN') as string;
  };
  const learnerCount = async () => Number((await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM learners'))[0].n);

  test('a FUL batch registers, finds, updates and refuses each learner as the single calls would, with the counts', async () => {
    const known = aLearner({ FamilyName: 'Fairweather', Notes: 'Registered alone' });
    const knownUln = await registered(known);
    const newcomer = aLearner({
      GivenName: 'Bartholomew',
      FamilyName: 'Oyelaran',
      DateOfBirth: '2007-02-14',
      MISIdentifier: 'MIS-1',
      Title: 'Mx',
    });
    const jobId = await submit('FUL', [
      newcomer,
      { ...newcomer, MISIdentifier: 'MIS-2' },
      { ULN: knownUln, GivenName: 'Ada', FamilyName: 'Fairweather', Notes: 'Changed by the batch', MISIdentifier: 'MIS-3' },
      { ULN: knownUln, GivenName: 'Ada', FamilyName: 'Fairweather', MISIdentifier: 'MIS-4' },
      { ULN: '9999999971', GivenName: 'Nobody', FamilyName: 'Held', MISIdentifier: 'MIS-5' },
      { GivenName: 'Nodate', FamilyName: 'Given', LastKnownPostCode: 'CV4 9EE', Gender: '1', MISIdentifier: 'MIS-6' },
      aLearner({ GivenName: 'B4d', FamilyName: 'Name', MISIdentifier: 'MIS-7' }),
      { ULN: '1026893097', GivenName: 'Sample', FamilyName: 'Testname', MISIdentifier: 'MIS-8' },
      aLearner({ GivenName: 'Sample', FamilyName: 'Testname', DateOfBirth: '1976-08-16', MISIdentifier: 'MIS-9' }),
    ]);

    const waiting = await output(jobId);
    expect(firstText(waiting.body, 'ResponseCode')).toBe('WSRC0008');
    expect(firstText(waiting.body, 'JobStatus')).toBe('Waiting');
    expect(waiting.body).toContain('<JobStartedDateTime/>');
    expect(outputLearners(waiting.body)).toEqual([]);

    const done = await workAndRead(jobId);
    expect(firstText(done.body, 'ResponseCode')).toBe('WSRC0009');
    expect(firstText(done.body, 'JobStatus')).toBe('Successful');
    expect(firstText(done.body, 'JobStartedDateTime')).toMatch(LRS_DATE_TIME);
    expect(firstText(done.body, 'JobFinishedDateTime')).toMatch(LRS_DATE_TIME);
    const counts = [
      'NewLearnersCount',
      'ExistsUpdatedLearnersCount',
      'PossibleMatchLearnersCount',
      'LearnersNotFoundCount',
      'RejectedLearnersCount',
    ];
    expect(counts.map((c) => Number(firstText(done.body, c)))).toEqual([1, 4, 0, 1, 3]);

    const learners = outputLearners(done.body);
    expect(learners.map((l) => [l.MISIdentifier, l.ReturnCode])).toEqual([
      ['MIS-1', 'RC001'],
      ['MIS-2', 'RC002'],
      ['MIS-3', 'RC003'],
      ['MIS-4', 'RC004'],
      ['MIS-5', 'RC006'],
      ['MIS-6', 'RC009'],
      ['MIS-7', 'RC011'],
      ['MIS-8', 'RC011'],
      ['MIS-9', 'RC002'],
    ]);
    const issued = learners[0].ULN;
    expect(isValidUln(issued)).toBe(true);
    expect(learners[1].ULN).toBe(issued);
    expect(learners[0]).toMatchObject({
      GivenName: 'Bartholomew',
      FamilyName: 'Oyelaran',
      Title: 'Mx',
      LastKnownPostCode: 'CV4 9EE',
    });
    expect(learners[2].ULN).toBe(knownUln);
    expect(learners[4].ULN).toBe('9999999971');
    expect(learners[8].ULN).toBe('1026893096');

    const [updated] = await running.gateway.dataSource.query(
      'SELECT notes, version_number, date_of_birth FROM learners WHERE uln = ?',
      [knownUln],
    );
    expect(updated).toMatchObject({ notes: 'Changed by the batch', version_number: 2, date_of_birth: '2008-04-01' });
    const [fresh] = await running.gateway.dataSource.query('SELECT family_name, ability_to_share FROM learners WHERE uln = ?', [
      issued,
    ]);
    expect(fresh).toMatchObject({ family_name: 'Oyelaran', ability_to_share: 1 });
  });

  test('a CHK batch finds and checks learners, and registers nobody', async () => {
    const before = await learnerCount();
    const jobId = await submit('CHK', [
      aLearner({ GivenName: 'Ignatius', FamilyName: 'Batchunknown', DateOfBirth: '2009-09-09', MISIdentifier: 'C1' }),
      aLearner({ GivenName: 'Sample', FamilyName: 'Testname', DateOfBirth: '1976-08-16', MISIdentifier: 'C2' }),
      { ULN: '1026893096', GivenName: 'Sample', FamilyName: 'Testname', MISIdentifier: 'C3' },
      { ULN: '2000000087', GivenName: 'Jim', FamilyName: 'Smith', MISIdentifier: 'C4' },
      { ULN: '1026893096', GivenName: 'Darcie', FamilyName: 'Tucker', MISIdentifier: 'C5' },
      { ULN: '2000000648', GivenName: 'Nobody', FamilyName: 'Known', MISIdentifier: 'C6' },
    ]);
    const done = await workAndRead(jobId);
    expect(firstText(done.body, 'ResponseCode')).toBe('WSRC0009');
    expect(outputLearners(done.body).map((l) => [l.MISIdentifier, l.ReturnCode, l.ULN])).toEqual([
      ['C1', 'RC006', undefined],
      ['C2', 'RC002', '1026893096'],
      ['C3', 'RC002', '1026893096'],
      ['C4', 'RC005', '2000000087'],
      ['C5', 'RC007', '1026893096'],
      ['C6', 'RC006', '2000000648'],
    ]);
    expect(await learnerCount()).toBe(before);
  });

  test('a learner who may be one already held is not registered (RC005), as learnerByDemographics would say', async () => {
    const before = await learnerCount();
    const elsewhere = aLearner({
      GivenName: 'Sample',
      FamilyName: 'Testname',
      DateOfBirth: '1976-08-16',
      LastKnownPostCode: 'ZZ1 2ZZ',
    });
    const done = await workAndRead(await submit('FUL', [{ ...elsewhere, MISIdentifier: 'PM1' }]));
    expect(Number(firstText(done.body, 'PossibleMatchLearnersCount'))).toBe(1);
    expect(outputLearners(done.body).map((l) => [l.MISIdentifier, l.ReturnCode])).toEqual([['PM1', 'RC005']]);
    expect(await learnerCount()).toBe(before);
  });

  test('each learner registered by a batch is audited under its ULN, by the batch surface, without the details', async () => {
    await running.gateway.audit.flush();
    const rows: { surface: string; outcome: string; subject: string | null }[] = await running.gateway.dataSource.query(
      "SELECT surface, outcome, subject FROM audit_entries WHERE operation IN ('RegisterLearner', 'UpdateLearner') AND surface = 'batch'",
    );
    expect(rows.filter((r) => r.outcome === 'OK').length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain('Oyelaran');
  });

  test('LearnerRecordCount other than the learners sent is WSRC0017, and no job', async () => {
    const reply = await post(submitBatchRegistration('FUL', [aLearner()], { count: 2 }));
    expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0017');
    expect(firstText(reply.body, 'JobID')).toBeUndefined();
  });

  test('more than 200 learners, or a JobType other than FUL and CHK, fail the schema: WSEC0001', async () => {
    const many = await post(
      submitBatchRegistration(
        'FUL',
        Array.from({ length: 201 }, () => aLearner()),
      ),
    );
    expect(firstText(many.body, 'ErrorCode')).toBe('WSEC0001');
    const badType = await post(
      submitBatchRegistration('FUL', [aLearner()]).replace('<JobType>FUL</JobType>', '<JobType>ALL</JobType>'),
    );
    expect(firstText(badType.body, 'ErrorCode')).toBe('WSEC0001');
  });

  test("an unknown JobID, another organisation's job and a verify batch's job are WSRC0018", async () => {
    const unknown = await output('987654321');
    expect(firstText(unknown.body, 'ResponseCode')).toBe('WSRC0018');
    const jobId = await submit('CHK', [aLearner()]);
    expect(firstText((await output(jobId, AO_ONE_BATCH_USER)).body, 'ResponseCode')).toBe('WSRC0018');
    const verify = await post(submitVerifyBatch([{ mis: 'V1', uln: '1026893096', familyName: 'Testname', givenName: 'Sample' }]));
    const verifyJob = firstText(verify.body, 'JobID') as string;
    expect(firstText((await output(verifyJob, AO_ONE_BATCH_USER)).body, 'ResponseCode')).toBe('WSRC0018');
  });

  test('an Awarding Body Batch User of an organisation with learner management submits too', async () => {
    const jobId = await submit('CHK', [aLearner({ FamilyName: 'Batchao' })], AO_ONE_BATCH_USER);
    expect(firstText((await workAndRead(jobId, AO_ONE_BATCH_USER)).body, 'ResponseCode')).toBe('WSRC0009');
  });

  test('an organisation without learner management, or a user without the role, gets a WSEC0006 fault', async () => {
    const refused = await post(submitBatchRegistration('FUL', [aLearner()], { as: AO_TWO_USER }));
    expect(refused.status).toBe(500);
    expect(firstText(refused.body, 'ErrorCode')).toBe('WSEC0006');
    const superUser = await post(submitBatchRegistration('FUL', [aLearner()], { as: { ...SCHOOL_USER, userName: 'leo.lyons' } }));
    expect(firstText(superUser.body, 'ErrorCode')).toBe('WSEC0006');
  });
});
