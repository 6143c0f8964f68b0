"""The LRS-compatible batch operations on a running lrs-gateway, called by zeep.

Usage: /usr/bin/python3 lrs_batches_zeep.py <base-url>

1. LearnerService: submitVerifyBatch (2 learners), a wrong LearnerRecordCount (WSRC0030),
   then getVerifyBatchOutput until the job is done, and an unknown JobID (WSRC0018).
2. ExternalService: SubmitAchievementBatchJob (a create and a refused row), an empty batch
   (a DomainFault with WSEC0047), then GetAchievementBatchJob until the job is done.
One JSON line per step. Exit status 3 means zeep is not importable by this interpreter.
"""

import base64
import json
import sys
import time

try:
    import zeep
except ImportError as error:
    sys.stderr.write(f"zeep is not importable by {sys.executable} ({error}): apt-get install python3-zeep\n")
    sys.exit(3)

CREDENTIALS = {"UKPRN": "10099901", "OrgPassword": "AO1WebService#01", "UserName": "barbara.bates"}
INVOKING_USER = {"OrgPassword": "AO1WebService#01", "OrganisationRef": "AOB001", "UserName": "rita.reeves"}
FAULTS_NS = "http://api.lrs.qcf.gov.uk/faults"


def emit(**line):
    print(json.dumps(line), flush=True)


def learner_service(base):
    client = zeep.Client(f"{base}/LearnerService.svc?wsdl")
    service = client.service
    learners = [
        {"MISIdentifier": "A1", "ULN": "1026893096", "FamilyName": "Testname", "GivenName": "Sample"},
        {"MISIdentifier": "A2", "ULN": "2000000087", "FamilyName": "Smith", "GivenName": "Jim", "DateOfBirth": "2001-02-03"},
    ]
    wrong = service.submitVerifyBatch(**CREDENTIALS, LearnerRecordCount=3, Learner=learners)
    emit(step="submitVerifyBatch-wrong-count", responseCode=wrong.ResponseCode, jobId=wrong.JobID)
    submitted = service.submitVerifyBatch(**CREDENTIALS, LearnerRecordCount=2, Learner=learners)
    emit(step="submitVerifyBatch", responseCode=submitted.ResponseCode)
    for _ in range(100):
        output = service.getVerifyBatchOutput(**CREDENTIALS, JobID=submitted.JobID)
        if output.ResponseCode != "WSRC0008":
            break
        time.sleep(0.1)
    emit(
        step="getVerifyBatchOutput",
        responseCode=output.ResponseCode,
        jobStatus=output.JobStatus,
        learners=[[v.MISIdentifier, v.ResponseCode, list(v.FailureFlag or [])] for v in (output.VerifiedLearner or [])],
    )
    unknown = service.getVerifyBatchOutput(**CREDENTIALS, JobID=999999)
    emit(step="getVerifyBatchOutput-unknown", responseCode=unknown.ResponseCode)


def external_service(base):
    client = zeep.Client(f"{base}/ExternalService.svc?wsdl")
    service = client.service
    achievement = {
        "AchievementAwardDate": "2024-06-30T00:00:00",
        "Action": 1,
        "ActionDate": "2024-07-01T00:00:00",
        "FamilyName": "Jones",
        "GivenName": "Sally Ann",
        "Grade": "Pass",
        "ProviderUkprn": "10099901",
        "Uln": "2000000222",
        "UnitOrQualificationReferenceNumber": "A/601/7001",
    }
    refused = dict(achievement, Grade="Distinction", AchievementAwardDate="2024-07-01T00:00:00")
    try:
        service.SubmitAchievementBatchJob(invokingUser=INVOKING_USER, emailAddress="results@ao.test", submissionType="Final", achievements={"Achievement": []})
        emit(step="SubmitAchievementBatchJob-empty", fault=None)
    except zeep.exceptions.Fault as fault:
        code = fault.detail.find(f".//{{{FAULTS_NS}}}ErrorCode") if fault.detail is not None else None
        emit(step="SubmitAchievementBatchJob-empty", fault=code.text if code is not None else fault.message)
    submitted = service.SubmitAchievementBatchJob(
        invokingUser=INVOKING_USER, emailAddress="results@ao.test", submissionType="Final", achievements={"Achievement": [achievement, refused]}
    )
    emit(step="SubmitAchievementBatchJob", hasJob=submitted.JobId > 0, responseCode=submitted.ResponseCode)
    for _ in range(100):
        job = service.GetAchievementBatchJob(invokingUser=INVOKING_USER, jobId=submitted.JobId)
        if job.Status in ("Successful", "Failed", "Cancelled"):
            break
        time.sleep(0.1)
    emit(
        step="GetAchievementBatchJob",
        status=job.Status,
        created=job.AchievementsCreated,
        businessRuleErrors=job.BusinessRuleErrors,
        records=job.NumberOfRecords,
        errorFileMentionsGrade="GRADE_INVALID" in (job.AchievementBatchErrorFile or ""),
    )


if __name__ == "__main__":
    learner_service(sys.argv[1])
    external_service(sys.argv[1])
