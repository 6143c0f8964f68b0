"""An achievement's whole journey on a running lrs-gateway, driven by zeep (a real SOAP client).

Usage: /usr/bin/python3 achievement_journey_zeep.py <base-url> <uln> <given> <family> <award-date>

Steps, as AO One's QCF user (WS-Security UsernameToken): create, find, update the grade,
withdraw (ACHINVALID), update again (refused: withdrawn), reinstate, then AO Two tries to
withdraw it (refused: not found), then a credit check. One JSON line per step:
  {"step": ..., "status": ..., "grade": ...}   or   {"step": ..., "fault": <GatewayFault Code>}
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


def client(base, username):
    return zeep.Client(f"{base}/soap/ao?wsdl", wsse=UsernameToken(username, PASSWORD))


def fault_code(fault):
    detail = fault.detail
    code = detail.find(f".//{{{AO_NS}}}Code") if detail is not None else None
    return code.text if code is not None else fault.message


def step(name, call):
    try:
        reply = call()
        # zeep unwraps a response element that holds a single element: the Achievement itself.
        achievement = reply if "Status" in reply else None
        if achievement is not None:
            line = {"step": name, "status": achievement.Status, "grade": achievement.Grade, "events": len(achievement.Event)}
        else:
            line = {"step": name, "totalCredits": reply.TotalCredits, "units": [u.AimReference for u in (reply.Unit or [])]}
    except zeep.exceptions.Fault as fault:
        line = {"step": name, "fault": fault_code(fault)}
    print(json.dumps(line), flush=True)


def main():
    base, uln, given, family, award_date = sys.argv[1:6]
    ao_one = client(base, "quentin.quinn").service
    ao_two = client(base, "nadia.novak").service
    key = {"ULN": uln, "GivenName": given, "FamilyName": family, "AimReference": "603/5678/9", "AwardDate": award_date}
    step("create", lambda: ao_one.CreateAchievement(
        Learner={"ULN": uln, "GivenName": given, "FamilyName": family},
        Achievement={"AimReference": "603/5678/9", "AwardDate": award_date, "Grade": "C"}))
    step("find", lambda: ao_one.FindAchievement(Key=key))
    step("update", lambda: ao_one.UpdateAchievement(Key=key, Changes={"Grade": "B"}, ActionDate="2026-11-01"))
    step("withdraw", lambda: ao_one.WithdrawAchievement(Key=key, ActionDate="2026-11-02", ActionReason="ACHINVALID"))
    step("update-withdrawn", lambda: ao_one.UpdateAchievement(Key=key, Changes={"Grade": "A"}, ActionDate="2026-11-03"))
    step("reinstate", lambda: ao_one.ReinstateAchievement(Key=key, ActionDate="2026-11-04", ActionReason="SUBINERROR"))
    step("withdraw-by-other-ao", lambda: ao_two.WithdrawAchievement(Key=key, ActionDate="2026-11-05", ActionReason="SUBINERROR"))
    step("credit-check", lambda: ao_one.PerformCreditCheck(ULN=uln, GivenName=given, FamilyName=family))


if __name__ == "__main__":
    main()
