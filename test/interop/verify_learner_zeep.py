"""Calls VerifyLearner on a running lrs-gateway with zeep, a real Python SOAP client.

Usage: /usr/bin/python3 verify_learner_zeep.py <base-url> [<cases-json>]
(the cases come from stdin when the second argument is left out).

Each case is an object:
  id          a name for the case, echoed on every output line
  learner     {"uln", "givenName", "familyName", "dateOfBirth"?, "gender"?}
  auth        AO gateway credentials: "text" (WS-Security PasswordText, the default),
              "digest" (WS-Security PasswordDigest) or "basic" (HTTP Basic)
  password    the user's password (default Compat-Test-2026)
  orgPassword the organisation's web-services password for /LearnerService.svc
              (default AO1WebService#01)
  singleWsdl  true to build the LearnerService client from ?singlewsdl instead of ?wsdl

Every case is sent to both services: the AO gateway (/soap/ao, WS-Security or HTTP Basic)
and the LRS-compatible Learner Register (/LearnerService.svc, credentials in the body, with
the WS-Addressing headers zeep adds for clients generated from the real LRS WSDL). One JSON
line is printed per case and service:
  {"client": "zeep", "service": "ao"|"lrs", "id": ..., "responseCode": ..., "failureFlags": [...], "uln": ...}
  {"client": "zeep", "service": ..., "id": ..., "fault": {"faultcode": ..., "faultstring": ..., "code": ...}}
  {"client": "zeep", "service": ..., "id": ..., "error": "..."}   (anything else: connection, WSDL, parsing)
"code" is read from the fault detail as zeep surfaces it: ao:GatewayFault/ao:Code on the AO
gateway, ex:MIAPAPIException/ErrorCode on the Learner Register. Exit status 3 means zeep is
not importable by this interpreter.
"""

import json
import sys

try:
    import requests
    import zeep
    from zeep.transports import Transport
    from zeep.wsa import WsAddressingPlugin
    from zeep.wsse.username import UsernameToken
except ImportError as error:  # the test turns this into an install hint
    sys.stderr.write(
        f"zeep is not importable by {sys.executable} ({error}): "
        "apt-get install -y --no-install-recommends python3-zeep\n"
    )
    sys.exit(3)

AO_NS = "urn:lrs-gateway:ao:1"
LRS_EXCEPTIONS_NS = "http://api.lrs.miap.gov.uk/exceptions"
USERNAME = "victor.vance"
UKPRN = "10099901"
DEFAULT_PASSWORD = "Compat-Test-2026"
DEFAULT_ORG_PASSWORD = "AO1WebService#01"
TIMEOUT_SECONDS = 20


def transport(auth=None):
    session = requests.Session()
    session.auth = auth
    return Transport(session=session, timeout=TIMEOUT_SECONDS, operation_timeout=TIMEOUT_SECONDS)


class Clients:
    """One zeep client per distinct configuration: building one parses the WSDL and its XSDs."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cache = {}

    def ao(self, auth, password):
        key = ("ao", auth, password)
        if key not in self.cache:
            wsdl = f"{self.base_url}/soap/ao?wsdl"
            if auth == "basic":
                basic = requests.auth.HTTPBasicAuth(USERNAME, password)
                self.cache[key] = zeep.Client(wsdl, transport=transport(basic))
            else:
                self.cache[key] = zeep.Client(wsdl, transport=transport())
        client = self.cache[key]
        # A fresh token per call: a PasswordDigest nonce may be used only once.
        if auth == "digest":
            client.wsse = UsernameToken(USERNAME, password, use_digest=True)
        elif auth == "text":
            client.wsse = UsernameToken(USERNAME, password)
        else:
            client.wsse = None
        return client

    def lrs(self, single_wsdl):
        key = ("lrs", single_wsdl)
        if key not in self.cache:
            query = "singlewsdl" if single_wsdl else "wsdl"
            self.cache[key] = zeep.Client(
                f"{self.base_url}/LearnerService.svc?{query}",
                transport=transport(),
                plugins=[WsAddressingPlugin()],
            )
        return self.cache[key]


def fault_code(fault, path):
    detail = fault.detail
    if detail is None:
        return None
    found = detail.find(path)
    return found.text if found is not None else None


def call_ao(clients, case):
    learner = case["learner"]
    client = clients.ao(case.get("auth", "text"), case.get("password", DEFAULT_PASSWORD))
    arguments = {"ULN": learner["uln"], "GivenName": learner["givenName"], "FamilyName": learner["familyName"]}
    if learner.get("dateOfBirth") is not None:
        arguments["DateOfBirth"] = learner["dateOfBirth"]
    if learner.get("gender") is not None:
        arguments["Gender"] = int(learner["gender"])
    try:
        response = client.service.VerifyLearner(**arguments)
    except zeep.exceptions.Fault as fault:
        code = fault_code(fault, f"{{{AO_NS}}}GatewayFault/{{{AO_NS}}}Code")
        return {"fault": {"faultcode": fault.code, "faultstring": fault.message, "code": code}}
    held = response["Learner"]
    return {
        "responseCode": response["ResponseCode"],
        "failureFlags": list(response["FailureFlag"] or []),
        "uln": held["ULN"] if held is not None else None,
    }


def call_lrs(clients, case):
    learner = case["learner"]
    client = clients.lrs(bool(case.get("singleWsdl")))
    to_verify = {"ULN": learner["uln"], "FamilyName": learner["familyName"], "GivenName": learner["givenName"]}
    if learner.get("dateOfBirth") is not None:
        to_verify["DateOfBirth"] = learner["dateOfBirth"]
    if learner.get("gender") is not None:
        to_verify["Gender"] = str(learner["gender"])
    try:
        response = client.service.verifyLearner(
            UKPRN=UKPRN,
            OrgPassword=case.get("orgPassword", DEFAULT_ORG_PASSWORD),
            UserName=USERNAME,
            LearnerToVerify=to_verify,
        )
    except zeep.exceptions.Fault as fault:
        code = fault_code(fault, f"{{{LRS_EXCEPTIONS_NS}}}MIAPAPIException/ErrorCode")
        return {"fault": {"faultcode": fault.code, "faultstring": fault.message, "code": code}}
    # VerifyLearnerResponse has a single child, so zeep hands back VerifiedLearner itself.
    verified = response["VerifiedLearner"] if "VerifiedLearner" in response else response
    return {
        "responseCode": verified["ResponseCode"],
        "failureFlags": list(verified["FailureFlag"] or []),
        "uln": verified["ULN"],
    }


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cases = json.loads(sys.argv[2] if len(sys.argv) > 2 else sys.stdin.read())
    clients = Clients(sys.argv[1])
    for case in cases:
        for service, call in (("ao", call_ao), ("lrs", call_lrs)):
            line = {"client": "zeep", "service": service, "id": case["id"]}
            try:
                line.update(call(clients, case))
            except Exception as error:  # reported per case, so one broken call does not hide the others
                line["error"] = f"{type(error).__name__}: {error}"
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
