"""Learner registration on a running lrs-gateway's LearnerService, called by zeep.

Usage: /usr/bin/python3 lrs_register_zeep.py <base-url> <learners-json>

The learners come from the test: "searched", "unsearched" and "batchNew". Steps, one JSON line each:
learnerByDemographics FUL for "searched" (WSRC0001, nobody), then registerSingleLearner for it (WSRC0005
and a ULN), for "unsearched" (WSRC0021: no search first), with a name against guide
Appendix B (a MIAPAPIException fault, WSEC0001); updateSingleLearner (WSRC0006), again on the old
VersionNumber (WSRC0013); submitBatchRegistration with a wrong LearnerRecordCount (WSRC0017), then
FUL with the learner registered (a change) and a new one, getBatchRegistrationOutput until done,
and an unknown JobID (WSRC0018). Exit status 3 means zeep is not importable by this interpreter.
"""

import json
import sys
import time

try:
    import zeep
except ImportError as error:
    sys.stderr.write(f"zeep is not importable by {sys.executable} ({error}): apt-get install python3-zeep\n")
    sys.exit(3)

CREDENTIALS = {"UKPRN": "10099903", "OrgPassword": "LRBWebService#03", "UserName": "lena.lowe"}


def emit(**line):
    print(json.dumps(line), flush=True)


def code_of(response):
    """zeep answers a response of one element (UpdateLearnerResponse: ResponseCode) with that element's value."""
    return response if isinstance(response, str) else response.ResponseCode


def fault_code(fault):
    code = fault.detail.find(".//ErrorCode") if fault.detail is not None else None
    return code.text if code is not None else fault.message


def main(base, learners):
    service = zeep.Client(f"{base}/LearnerService.svc?wsdl").service
    searched = learners["searched"]
    found = service.learnerByDemographics(
        FindType="FUL",
        **CREDENTIALS,
        **{name: searched[name] for name in ("FamilyName", "GivenName", "DateOfBirth", "Gender", "LastKnownPostCode")},
    )
    emit(step="learnerByDemographics", responseCode=found.ResponseCode)
    registered = service.registerSingleLearner(**CREDENTIALS, Learner=learners["searched"])
    emit(step="registerSingleLearner", responseCode=registered.ResponseCode, uln=registered.ULN)
    unsearched = service.registerSingleLearner(**CREDENTIALS, Learner=learners["unsearched"])
    emit(step="registerSingleLearner-unsearched", responseCode=unsearched.ResponseCode, uln=unsearched.ULN)
    try:
        service.registerSingleLearner(**CREDENTIALS, Learner=dict(learners["searched"], GivenName="B4d"))
        emit(step="registerSingleLearner-invalid-name", fault=None)
    except zeep.exceptions.Fault as fault:
        emit(step="registerSingleLearner-invalid-name", fault=fault_code(fault))

    changed = dict(learners["searched"], Notes="Updated by zeep", ULN=registered.ULN, VersionNumber=1)
    updated = service.updateSingleLearner(**CREDENTIALS, Learner=changed)
    emit(step="updateSingleLearner", responseCode=code_of(updated))
    stale = service.updateSingleLearner(**CREDENTIALS, Learner=dict(changed, Notes="Again"))
    emit(step="updateSingleLearner-stale", responseCode=code_of(stale))

    batch = [
        {"ULN": registered.ULN, "MISIdentifier": "Z1", "GivenName": changed["GivenName"], "FamilyName": changed["FamilyName"], "Notes": "From the batch"},
        dict(learners["batchNew"], MISIdentifier="Z2"),
    ]
    wrong = service.submitBatchRegistration(**CREDENTIALS, JobType="FUL", LearnerRecordCount=3, Learner=batch)
    emit(step="submitBatchRegistration-wrong-count", responseCode=wrong.ResponseCode, jobId=wrong.JobID)
    submitted = service.submitBatchRegistration(**CREDENTIALS, JobType="FUL", LearnerRecordCount=2, Learner=batch)
    emit(step="submitBatchRegistration", responseCode=submitted.ResponseCode, hasJob=submitted.JobID > 0)
    for _ in range(100):
        output = service.getBatchRegistrationOutput(**CREDENTIALS, JobID=submitted.JobID)
        if output.ResponseCode != "WSRC0008":
            break
        time.sleep(0.1)
    emit(
        step="getBatchRegistrationOutput",
        responseCode=output.ResponseCode,
        jobStatus=output.JobStatus,
        counts=[output.NewLearnersCount, output.ExistsUpdatedLearnersCount, output.PossibleMatchLearnersCount, output.LearnersNotFoundCount, output.RejectedLearnersCount],
        finished=bool(output.JobFinishedDateTime),
        learners=[[l.MISIdentifier, l.ReturnCode, l.ULN] for l in (output.Learner or [])],
    )
    unknown = service.getBatchRegistrationOutput(**CREDENTIALS, JobID=987654321)
    emit(step="getBatchRegistrationOutput-unknown", responseCode=unknown.ResponseCode)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), json.loads(sys.argv[2]))
