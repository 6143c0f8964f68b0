"""Every operation of LearnerServiceR9.svc on a running lrs-gateway, called by zeep from the served WSDL.

Usage: /usr/bin/python3 learner_service_r9_zeep.py <base-url>

The gateway holds a unit for learner 1174112637 and one under the linked ULN 4444599390 (the test
creates them). Steps, one JSON line each ("client": "zeep"), in the shape learner_service_r9_soapclient.php
prints:
  events-exact, events-linked, events-not-shared, events-not-verified (GetLearnerLearningEvents),
  learner-linked (LearnerByUln), update and update-stale (UpdateLearnerSubsetFields), learner-updated,
  audit (ViewAudit), organisation (GetOrganisation, from ?singlewsdl), refused (a DomainFault).
Exit status 3 means zeep is not importable by this interpreter.
"""

import json
import sys

try:
    import zeep
except ImportError as error:
    sys.stderr.write(f"zeep is not importable by {sys.executable} ({error}): apt-get install python3-zeep\n")
    sys.exit(3)

SCHOOL = {"Password": "LRBWebService#03", "Reference": "LRB001", "Ukprn": "10099903", "Username": "lena.lowe"}
SCHOOL_R10 = {"OrganisationRef": "LRB001", "Password": "LRBWebService#03", "Ukprn": "10099903", "Username": "lena.lowe"}
AO_TWO_R10 = {"Password": "AO2WebService#02", "Ukprn": "10099902", "Username": "nadia.novak"}
FAULTS_NS = "http://api.lrs.qcf.gov.uk/faults"
HEAD = {"userType": "ORG", "language": "ENG"}


def emit(**line):
    print(json.dumps({"client": "zeep", **line}), flush=True)


def events(service, step, uln, given, family, invoking=SCHOOL_R10):
    answer = service.GetLearnerLearningEvents(
        invokingOrganisation=invoking, vendorID=1, uln=uln, givenName=given, familyName=family,
        dateOfBirth="", gender="", getType="FULL", **HEAD,
    )
    record = answer.LearnerRecord.LearningEvent if answer.LearnerRecord is not None else []
    emit(
        step=step,
        responseCode=answer.ResponseCode,
        foundUln=answer.FoundULN or "",
        incomingUln=answer.IncomingULN,
        events=[[e.SubjectCode, e.Source, e.Credits, e.UnderDataChallenge, e.AwardingOrganisationUkprn] for e in record],
    )


def learner(service, uln, given, family):
    return service.LearnerByUln(
        invokingOrganisation=SCHOOL, vendorId=1, uln=uln, givenName=given, familyName=family, findType="FUL", **HEAD
    )


def main(base):
    service = zeep.Client(f"{base}/LearnerServiceR9.svc?wsdl").service
    events(service, "events-exact", "1174112637", "TestOne", "TesterOne")
    events(service, "events-linked", "4444599390", "Sample", "Test")
    events(service, "events-not-shared", "1026922983", "Private", "Testlearner")
    events(service, "events-not-verified", "1174112637", "Darcie", "Tucker")

    found = learner(service, "4444599390", "Sample", "Test")
    emit(
        step="learner-linked",
        responseCode=found.ResponseCode,
        uln=found.Uln,
        learnerUln=found.Learner.Uln,
        linkedUlns=list(found.Learner.LinkedUlns.string),
        givenName=found.Learner.GivenName,
        dateOfBirth=found.Learner.DateOfBirth.strftime("%Y-%m-%d"),
    )
    version = found.Learner.VersionNumber
    update = dict(
        invokingOrganisation=SCHOOL, vendorId=1, uln="4444599390", emailAddress="zeep.r9@example.com",
        telephoneNumber=None, abilityToShare="NotProvided", schoolAtAge16=None, preferredGivenName=None, **HEAD,
    )
    emit(step="update", result=service.UpdateLearnerSubsetFields(versionNumber=version, **update))
    emit(step="update-stale", result=service.UpdateLearnerSubsetFields(versionNumber=version, **update))
    after = learner(service, "6936002314", "Testing-Sample", "Test")
    emit(step="learner-updated", email=after.Learner.EmailAddress, versionNumber=after.Learner.VersionNumber)

    page = service.ViewAudit(
        invokingOrganisation=SCHOOL, vendorId=1, learnerUln="1174112637", learnerGivenName="TestOne",
        learnerFamilyName="TesterOne", page=1, **HEAD,
    )
    emit(
        step="audit",
        totalItems=page.TotalItems,
        pageSize=page.PageSize,
        pageIndex=page.PageIndex,
        actions=sorted({e.Action for e in page.List.PlrAccessEntryResponse}),
        users=sorted({e.User for e in page.List.PlrAccessEntryResponse}),
    )

    single = zeep.Client(f"{base}/LearnerServiceR9.svc?singlewsdl").service
    organisation = single.GetOrganisation(
        invokingOrganisation=SCHOOL, userType="ORG", vendorId=1, language="ENG", ukPrn="10099901", orgRef=None
    )
    emit(
        step="organisation",
        responseCode=organisation.ResponseCode,
        displayName=organisation.DisplayName,
        orgRef=organisation.OrgRef,
        status=organisation.Status,
    )

    try:
        events(service, "refused", "1174112637", "TestOne", "TesterOne", invoking=AO_TWO_R10)
    except zeep.exceptions.Fault as fault:
        code = fault.detail.find(f".//{{{FAULTS_NS}}}ErrorCode") if fault.detail is not None else None
        emit(step="refused", fault=code.text if code is not None else fault.message)


if __name__ == "__main__":
    main(sys.argv[1])
