<?php
/**
 * Calls VerifyLearner on a running lrs-gateway with PHP's SoapClient (ext-soap), a real client.
 *
 * Usage: php verify_learner_soapclient.php <base-url> [<cases-json>]
 * (the cases come from stdin when the second argument is left out).
 *
 * The cases are those of verify_learner_zeep.py: id, learner {uln, givenName, familyName,
 * dateOfBirth?, gender?}, auth ("text" | "digest" | "basic"), password, orgPassword, singleWsdl.
 * SoapClient has no WS-Security of its own, so the UsernameToken is written by hand and sent
 * as a SoapHeader holding a SoapVar(XSD_ANYXML); "basic" uses SoapClient's own login/password.
 *
 * Every case goes to the AO gateway (/soap/ao) and to the LRS-compatible Learner Register
 * (/LearnerService.svc, credentials in the body). One JSON line per case and service, in the
 * shape verify_learner_zeep.py prints ("client": "php-soapclient"). Exit status 3 means the
 * soap extension is not loaded.
 */

if (!extension_loaded('soap')) {
    fwrite(STDERR, 'PHP ' . PHP_VERSION . " has no soap extension: apt-get install -y --no-install-recommends php-cli php-soap\n");
    exit(3);
}

const AO_NS = 'urn:lrs-gateway:ao:1';
const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const USERNAME = 'victor.vance';
const UKPRN = '10099901';
const DEFAULT_PASSWORD = 'Compat-Test-2026';
const DEFAULT_ORG_PASSWORD = 'AO1WebService#01';

ini_set('default_socket_timeout', '20');

function client_options(array $extra = []): array
{
    return $extra + [
        'cache_wsdl' => WSDL_CACHE_NONE, // a changed WSDL must never be served from a stale cache
        'soap_version' => SOAP_1_1,
        'exceptions' => true,
        'trace' => true,
        'connection_timeout' => 20,
        // FailureFlag is maxOccurs="unbounded": always an array, even with one element.
        'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    ];
}

function xml_text(string $value): string
{
    return htmlspecialchars($value, ENT_XML1 | ENT_QUOTES, 'UTF-8');
}

/** WS-Security UsernameToken Profile 1.0: PasswordText, or PasswordDigest = base64(sha1(nonce + created + password)). */
function security_header(string $username, string $password, bool $digest): SoapHeader
{
    if ($digest) {
        $nonce = random_bytes(16);
        $created = gmdate('Y-m-d\TH:i:s\Z');
        $token = '<wsse:Password Type="' . TOKEN_PROFILE . '#PasswordDigest">'
            . base64_encode(sha1($nonce . $created . $password, true)) . '</wsse:Password>'
            . '<wsse:Nonce EncodingType="' . BASE64_BINARY . '">' . base64_encode($nonce) . '</wsse:Nonce>'
            . '<wsu:Created>' . $created . '</wsu:Created>';
    } else {
        $token = '<wsse:Password Type="' . TOKEN_PROFILE . '#PasswordText">' . xml_text($password) . '</wsse:Password>';
    }
    $xml = '<wsse:Security xmlns:wsse="' . WSSE_NS . '" xmlns:wsu="' . WSU_NS . '">'
        . '<wsse:UsernameToken><wsse:Username>' . xml_text($username) . '</wsse:Username>' . $token
        . '</wsse:UsernameToken></wsse:Security>';
    return new SoapHeader(WSSE_NS, 'Security', new SoapVar($xml, XSD_ANYXML), true);
}

function learner_fields(array $learner, bool $genderAsInt): array
{
    $fields = ['ULN' => $learner['uln'], 'GivenName' => $learner['givenName'], 'FamilyName' => $learner['familyName']];
    if (isset($learner['dateOfBirth'])) $fields['DateOfBirth'] = $learner['dateOfBirth'];
    if (isset($learner['gender'])) $fields['Gender'] = $genderAsInt ? (int) $learner['gender'] : (string) $learner['gender'];
    return $fields;
}

function fault_line(SoapFault $fault, ?string $code): array
{
    return ['fault' => ['faultcode' => $fault->faultcode, 'faultstring' => $fault->faultstring, 'code' => $code]];
}

function call_ao(string $base, array $case): array
{
    $auth = $case['auth'] ?? 'text';
    $password = $case['password'] ?? DEFAULT_PASSWORD;
    $extra = $auth === 'basic'
        ? ['login' => USERNAME, 'password' => $password, 'authentication' => SOAP_AUTHENTICATION_BASIC]
        : [];
    $client = new SoapClient("$base/soap/ao?wsdl", client_options($extra));
    if ($auth !== 'basic') $client->__setSoapHeaders([security_header(USERNAME, $password, $auth === 'digest')]);
    try {
        $response = $client->VerifyLearner(learner_fields($case['learner'], true));
    } catch (SoapFault $fault) {
        return fault_line($fault, $fault->detail->GatewayFault->Code ?? null);
    }
    return [
        'responseCode' => $response->ResponseCode,
        'failureFlags' => array_values((array) ($response->FailureFlag ?? [])),
        'uln' => $response->Learner->ULN ?? null,
    ];
}

function call_lrs(string $base, array $case): array
{
    $query = empty($case['singleWsdl']) ? 'wsdl' : 'singlewsdl';
    $client = new SoapClient("$base/LearnerService.svc?$query", client_options());
    try {
        $response = $client->verifyLearner([
            'UKPRN' => UKPRN,
            'OrgPassword' => $case['orgPassword'] ?? DEFAULT_ORG_PASSWORD,
            'UserName' => USERNAME,
            'LearnerToVerify' => learner_fields($case['learner'], false),
        ]);
    } catch (SoapFault $fault) {
        return fault_line($fault, $fault->detail->MIAPAPIException->ErrorCode ?? null);
    }
    $verified = $response->VerifiedLearner;
    return [
        'responseCode' => $verified->ResponseCode,
        'failureFlags' => array_values((array) ($verified->FailureFlag ?? [])),
        'uln' => $verified->ULN ?? null,
    ];
}

if ($argc < 2) {
    fwrite(STDERR, "usage: php verify_learner_soapclient.php <base-url> [<cases-json>]\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
$cases = json_decode($argc > 2 ? $argv[2] : stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);

foreach ($cases as $case) {
    foreach (['ao' => 'call_ao', 'lrs' => 'call_lrs'] as $service => $call) {
        $line = ['client' => 'php-soapclient', 'service' => $service, 'id' => $case['id']];
        try {
            $line += $call($base, $case);
        } catch (Throwable $error) {
            // Reported per case (a WSDL SoapClient cannot load, a refused connection, ...).
            $line['error'] = get_class($error) . ': ' . $error->getMessage();
        }
        echo json_encode($line, JSON_UNESCAPED_SLASHES), "\n";
    }
}
