"""A SOAP 1.2 client (zeep on a SOAP 1.2 binding) calling the AO gateway, which speaks SOAP 1.1 only.

Usage: /usr/bin/python3 soap12_version_mismatch_zeep.py <base-url>

The gateway declares no SOAP 1.2 binding, so the client is built as a vendor with a SOAP 1.2
stack would end up with one: from the served WSDL with its binding switched to SOAP 1.2. The
call must fail with a fault zeep can read (VersionMismatch and the reason), not a parse error.
Prints one JSON line: {"fault": {"code": ..., "message": ..., "detailCode": ...}} or {"error": ...}.
Exit status 3 means zeep is not importable by this interpreter.
"""

import json
import sys
import tempfile
import urllib.request

try:
    import zeep
    from zeep.wsse.username import UsernameToken
except ImportError as error:
    sys.stderr.write(f"zeep is not importable by {sys.executable} ({error}): apt-get install python3-zeep\n")
    sys.exit(3)

AO_NS = "urn:lrs-gateway:ao:1"
SOAP11_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap12/"


def main():
    base = sys.argv[1]
    with urllib.request.urlopen(f"{base}/soap/ao?wsdl") as response:
        wsdl = response.read().decode("utf-8").replace(SOAP11_BINDING_NS, SOAP12_BINDING_NS)
    with tempfile.NamedTemporaryFile("w", suffix=".wsdl", encoding="utf-8") as file:
        file.write(wsdl)
        file.flush()
        client = zeep.Client(file.name, wsse=UsernameToken("victor.vance", "Compat-Test-2026"))
        try:
            client.service.VerifyLearner(ULN="2000000087", GivenName="James", FamilyName="Smith")
            line = {"error": "the SOAP 1.2 call succeeded"}
        except zeep.exceptions.Fault as fault:
            # zeep gives the detail as an element only when it could read the fault envelope.
            codes = [e.text for e in fault.detail.iter(f"{{{AO_NS}}}Code")] if hasattr(fault.detail, "iter") else []
            line = {"fault": {"code": fault.code, "message": fault.message, "detailCode": codes[0] if codes else None}}
        except Exception as error:  # what a SOAP 1.2 stack says when it cannot read the answer
            line = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
