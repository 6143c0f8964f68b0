<?php
/**
 * Finds learners on a running lrs-gateway's /LearnerService.svc with PHP's SoapClient (ext-soap).
 *
 * Usage: php find_learner_soapclient.php <base-url> [<cases-json>]
 * (the cases come from stdin when the second argument is left out).
 *
 * The cases and the output lines are those of find_learner_zeep.py ("client": "php-soapclient"):
 * learnerByULN, learnerByDemographics (FindType FUL or CHK) and retrieveULNs, credentials in the
 * body. Exit status 3 means the soap extension is not loaded.
 */

if (!extension_loaded('soap')) {
    fwrite(STDERR, 'PHP ' . PHP_VERSION . " has no soap extension: apt-get install -y --no-install-recommends php-cli php-soap\n");
    exit(3);
}

const AO_ONE = ['ukprn' => '10099901', 'orgPassword' => 'AO1WebService#01', 'userName' => 'victor.vance'];

ini_set('default_socket_timeout', '20');

function credentials(array $case): array
{
    $c = $case['credentials'] ?? AO_ONE;
    return ['UKPRN' => $c['ukprn'], 'OrgPassword' => $c['orgPassword'], 'UserName' => $c['userName']];
}

/** A list element SoapClient gives as an object when there is one and an array when there are more. */
function listed($value): array
{
    if ($value === null) return [];
    return is_array($value) ? $value : [$value];
}

function learner_line($learner): array
{
    $linked = isset($learner->LinkedULNs->ULN) ? listed($learner->LinkedULNs->ULN) : [];
    $fields = count(array_filter(get_object_vars($learner), fn ($v) => $v !== null));
    return [$learner->ULN, $learner->MasterSubstituted ?? null, array_values($linked), $fields];
}

function call(SoapClient $client, array $case): array
{
    if ($case['operation'] === 'retrieveULNs') {
        $response = $client->retrieveULNs(credentials($case) + ['ULNsToRetrieve' => ['ULN' => $case['ulns']]]);
        return ['verified' => array_map(
            fn ($v) => [$v->ULN, $v->MasterULN ?? null, $v->ResponseCode ?? null, $v->FamilyName ?? null],
            listed($response->RetrievedULNs->VerifiedULN),
        )];
    }
    $request = ['FindType' => $case['findType'] ?? 'FUL'] + credentials($case) + $case['search'];
    $response = $case['operation'] === 'learnerByULN' ? $client->learnerByULN($request) : $client->learnerByDemographics($request);
    return [
        'responseCode' => $response->ResponseCode,
        'learners' => array_map('learner_line', listed($response->Learner ?? null)),
    ];
}

if ($argc < 2) {
    fwrite(STDERR, "usage: php find_learner_soapclient.php <base-url> [<cases-json>]\n");
    exit(2);
}
$base = rtrim($argv[1], '/');
$cases = json_decode($argc > 2 ? $argv[2] : stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$client = new SoapClient("$base/LearnerService.svc?wsdl", [
    'cache_wsdl' => WSDL_CACHE_NONE,
    'soap_version' => SOAP_1_1,
    'exceptions' => true,
    'connection_timeout' => 20,
]);

foreach ($cases as $case) {
    $line = ['client' => 'php-soapclient', 'id' => $case['id']];
    try {
        $line += call($client, $case);
    } catch (SoapFault $fault) {
        $line['fault'] = [
            'faultcode' => $fault->faultcode,
            'faultstring' => $fault->faultstring,
            'code' => $fault->detail->MIAPAPIException->ErrorCode ?? null,
        ];
    } catch (Throwable $error) {
        $line['error'] = get_class($error) . ': ' . $error->getMessage();
    }
    echo json_encode($line, JSON_UNESCAPED_SLASHES), "\n";
}
