"""An event data challenge's whole journey on a running lrs-gateway, driven by zeep (a real SOAP client).

Usage: /usr/bin/python3 data_challenge_journey_zeep.py <base-url> <award-date> <action-date>

guide 6.1-6.4 and 6.2.1: AO One's QCF user creates James Smith's A level in History with grade C;
the school's LRB user (lena.lowe) raises "the grade is wrong"; AO One lists it, sets it in progress,
corrects the grade under it (UpdateAchievement with DataChallengeId) and resolves it upheld with a
comment; the school reads the outcome. Refusals on the way: resolving without a comment, another
AO reading it, the school trying to work it. One JSON line per step:
  {"step": ..., ...what the reply says}   or   {"step": ..., "fault": <GatewayFault Code>}
Exit status 3 means zeep is not importable by this interpreter.
"""

import json
import sys

try:
    import zeep
    from zeep.wsse.username import UsernameToken
except ImportError as error:
    sys.stderr.write(f"zeep is not importable by {sys.executable} ({error}): apt-get install python3-zeep\n")
    sys.exit(3)

AO_NS = "urn:lrs-gateway:ao:1"
PASSWORD = "Compat-Test-2026"
LEARNER = {"ULN": "2000000087", "GivenName": "James", "FamilyName": "Smith"}
AIM_REFERENCE = "603/5678/9"


def service(base, username):
    return zeep.Client(f"{base}/soap/ao?wsdl", wsse=UsernameToken(username, PASSWORD)).service


def fault_code(fault):
    detail = fault.detail
    code = detail.find(f".//{{{AO_NS}}}Code") if detail is not None else None
    return code.text if code is not None else fault.message


def step(name, call, describe):
    try:
        line = {"step": name, **describe(call())}
    except zeep.exceptions.Fault as fault:
        line = {"step": name, "fault": fault_code(fault)}
    print(json.dumps(line), flush=True)
    return line


def achievement(a):
    # zeep unwraps a response element that holds a single element: the Achievement itself.
    return {"status": a.Status, "grade": a.Grade, "underDataChallenge": a.UnderDataChallenge}


def challenge(c):
    # ... and the DataChallenge itself.
    return {
        "id": c.Id,
        "status": c.Status,
        "type": c.Type,
        "problemType": c.ProblemType,
        "grade": c.Achievement.Grade,
        "raisedBy": c.RaisedBy.Username,
        "raisedByOrganisation": c.RaisedBy.OrganisationUKPRN,
        "assignedTo": c.AssignedTo.UKPRN,
        "comments": [[m.StatusSet, m.Text or "", m.By] for m in (c.Comment or [])],
        "actions": [a.Action for a in (c.Action or [])],
    }


def summaries(reply):
    items = reply if isinstance(reply, list) else (reply.DataChallenge or [])
    return {"ids": [s.Id for s in items], "statuses": [s.Status for s in items]}


def main():
    base, award_date, action_date = sys.argv[1:4]
    ao = service(base, "quentin.quinn")
    other_ao = service(base, "nadia.novak")
    school = service(base, "lena.lowe")
    key = {**LEARNER, "AimReference": AIM_REFERENCE, "AwardDate": award_date}

    step("create", lambda: ao.CreateAchievement(
        Learner=LEARNER, Achievement={"AimReference": AIM_REFERENCE, "AwardDate": award_date, "Grade": "C"}), achievement)
    raised = step("raise", lambda: school.RaiseDataChallenge(
        Achievement={"ULN": LEARNER["ULN"], "AimReference": AIM_REFERENCE, "AwardDate": award_date},
        Type="INFORMATION_WRONG", ProblemType="GRADE_WRONG",
        Description="The grade is wrong: the certificate says B, the record says C"), challenge)
    challenge_id = raised["id"]
    step("list", lambda: ao.ListDataChallenges(), lambda r: {**summaries(r), "total": r.TotalCount})
    step("set-in-progress", lambda: ao.SetDataChallengesInProgress(Id=[challenge_id]), summaries)
    step("find-under-challenge", lambda: ao.FindAchievement(Key=key), achievement)
    step("update-grade", lambda: ao.UpdateAchievement(
        Key=key, Changes={"Grade": "B"}, ActionDate=action_date, DataChallengeId=challenge_id), achievement)
    step("resolve-without-comment", lambda: ao.UpdateDataChallenge(Id=challenge_id, Status="RESOLVED_UPHELD"), challenge)
    step("resolve", lambda: ao.UpdateDataChallenge(
        Id=challenge_id, Status="RESOLVED_UPHELD", Comment="Grade corrected from C to B"), challenge)
    step("other-ao-reads", lambda: other_ao.GetDataChallenge(Id=challenge_id), challenge)
    step("school-works", lambda: school.SetDataChallengesInProgress(Id=[challenge_id]), summaries)
    step("school-reads-outcome", lambda: school.GetDataChallenge(Id=challenge_id), challenge)
    step("find-after", lambda: ao.FindAchievement(Key=key), achievement)


if __name__ == "__main__":
    main()
