"""Finds learners on a running lrs-gateway's /LearnerService.svc with zeep, a real Python SOAP client.

Usage: /usr/bin/python3 find_learner_zeep.py <base-url> [<cases-json>]
(the cases come from stdin when the second argument is left out).

Each case is an object:
  id           a name for the case, echoed on its output line
  operation    "learnerByULN", "learnerByDemographics" or "retrieveULNs"
  findType     "FUL" or "CHK" (the finds)
  search       the find's fields by their LRS names: ULN, FamilyName, GivenName, DateOfBirth, Gender,
               LastKnownPostCode, PreviousFamilyName
  ulns         the ULNs of retrieveULNs
  credentials  {"ukprn", "orgPassword", "userName"}: AO One's victor.vance when left out

The client is built from ?wsdl with the WS-Addressing headers zeep adds for the real LRS WSDL.
One JSON line is printed per case:
  {"client": "zeep", "id": ..., "responseCode": ..., "learners": [[ULN, MasterSubstituted, [LinkedULNs], fields]]}
  {"client": "zeep", "id": ..., "verified": [[ULN, MasterULN, ResponseCode, FamilyName]]}           (retrieveULNs)
  {"client": "zeep", "id": ..., "fault": {"faultcode": ..., "faultstring": ..., "code": ...}}
  {"client": "zeep", "id": ..., "error": "..."}   (anything else: connection, WSDL, parsing)
where fields is how many elements of the Learner zeep filled in. Exit status 3 means zeep is not
importable by this interpreter.
"""

import json
import sys

try:
    import requests
    import zeep
    from zeep.transports import Transport
    from zeep.wsa import WsAddressingPlugin
except ImportError as error:  # the test turns this into an install hint
    sys.stderr.write(
        f"zeep is not importable by {sys.executable} ({error}): "
        "apt-get install -y --no-install-recommends python3-zeep\n"
    )
    sys.exit(3)

LRS_EXCEPTIONS_NS = "http://api.lrs.miap.gov.uk/exceptions"
AO_ONE = {"ukprn": "10099901", "orgPassword": "AO1WebService#01", "userName": "victor.vance"}
TIMEOUT_SECONDS = 20


def client_for(base_url):
    session = requests.Session()
    return zeep.Client(
        f"{base_url.rstrip('/')}/LearnerService.svc?wsdl",
        transport=Transport(session=session, timeout=TIMEOUT_SECONDS, operation_timeout=TIMEOUT_SECONDS),
        plugins=[WsAddressingPlugin()],
    )


def credentials(case):
    c = case.get("credentials") or AO_ONE
    return {"UKPRN": c["ukprn"], "OrgPassword": c["orgPassword"], "UserName": c["userName"]}


def filled(learner):
    return sum(1 for name in learner if learner[name] is not None)


def learner_line(learner):
    linked = learner["LinkedULNs"]
    return [
        learner["ULN"],
        learner["MasterSubstituted"],
        list(linked["ULN"] or []) if linked is not None else [],
        filled(learner),
    ]


def call(client, case):
    operation = case["operation"]
    if operation == "retrieveULNs":
        response = client.service.retrieveULNs(**credentials(case), ULNsToRetrieve={"ULN": case["ulns"]})
        # RetrieveULNsResponse and RetrievedULNs each have a single child: zeep unwraps both and hands back the list.
        retrieved = response if isinstance(response, list) else response["VerifiedULN"]
        return {"verified": [[v["ULN"], v["MasterULN"], v["ResponseCode"], v["FamilyName"]] for v in retrieved]}
    search = dict(case["search"])
    if operation == "learnerByDemographics":
        # The last four are nillable in the real WCF contract; zeep sends what it is given.
        search.setdefault("PreviousFamilyName", None)
        response = client.service.learnerByDemographics(FindType=case.get("findType", "FUL"), **credentials(case), **search)
    else:
        response = client.service.learnerByULN(FindType=case.get("findType", "FUL"), **credentials(case), **search)
    return {"responseCode": response["ResponseCode"], "learners": [learner_line(l) for l in response["Learner"] or []]}


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cases = json.loads(sys.argv[2] if len(sys.argv) > 2 else sys.stdin.read())
    client = client_for(sys.argv[1])
    for case in cases:
        line = {"client": "zeep", "id": case["id"]}
        try:
            line.update(call(client, case))
        except zeep.exceptions.Fault as fault:
            detail = fault.detail.find(f"{{{LRS_EXCEPTIONS_NS}}}MIAPAPIException/ErrorCode") if fault.detail is not None else None
            line["fault"] = {"faultcode": fault.code, "faultstring": fault.message, "code": detail.text if detail is not None else None}
        except Exception as error:  # reported per case, so one broken call does not hide the others
            line["error"] = f"{type(error).__name__}: {error}"
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
