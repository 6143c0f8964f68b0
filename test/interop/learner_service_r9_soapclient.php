<?php
/**
 * Every operation of LearnerServiceR9.svc on a running lrs-gateway, called with PHP's SoapClient (ext-soap)
 * from the served WSDL.
 *
 * Usage: php learner_service_r9_soapclient.php <base-url>
 *
 * The same steps as learner_service_r9_zeep.py, one JSON line each ("client": "php-soapclient"), except
 * that the update writes a telephone number rather than an e-mail address (both clients run against
 * one gateway, the zeep one first). Exit status 3 means the soap extension is not loaded.
 */

if (!extension_loaded('soap')) {
    fwrite(STDERR, 'PHP ' . PHP_VERSION . " has no soap extension: apt-get install -y --no-install-recommends php-cli php-soap\n");
    exit(3);
}

const FAULTS_NS = 'http://api.lrs.qcf.gov.uk/faults';
const SCHOOL = ['Password' => 'LRBWebService#03', 'Reference' => 'LRB001', 'Ukprn' => '10099903', 'Username' => 'lena.lowe'];
const SCHOOL_R10 = ['OrganisationRef' => 'LRB001', 'Password' => 'LRBWebService#03', 'Ukprn' => '10099903', 'Username' => 'lena.lowe'];
const AO_TWO_R10 = ['Password' => 'AO2WebService#02', 'Ukprn' => '10099902', 'Username' => 'nadia.novak'];

ini_set('default_socket_timeout', '20');

function client(string $wsdl): SoapClient
{
    return new SoapClient($wsdl, [
        'cache_wsdl' => WSDL_CACHE_NONE,
        'soap_version' => SOAP_1_1,
        'exceptions' => true,
        'connection_timeout' => 20,
        // LearningEvent, PlrAccessEntryResponse and string are maxOccurs="unbounded": always arrays.
        'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    ]);
}

function emit(array $line): void
{
    echo json_encode(['client' => 'php-soapclient'] + $line, JSON_UNESCAPED_SLASHES), "\n";
}

function events(SoapClient $client, string $step, string $uln, string $given, string $family, array $invoking = SCHOOL_R10): void
{
    $answer = $client->GetLearnerLearningEvents([
        'invokingOrganisation' => $invoking, 'userType' => 'ORG', 'vendorID' => 1, 'language' => 'ENG',
        'uln' => $uln, 'givenName' => $given, 'familyName' => $family, 'dateOfBirth' => '', 'gender' => '', 'getType' => 'FULL',
    ])->GetLearnerLearningEventsResult;
    $record = isset($answer->LearnerRecord->LearningEvent) ? $answer->LearnerRecord->LearningEvent : [];
    emit([
        'step' => $step,
        'responseCode' => $answer->ResponseCode,
        'foundUln' => (string) ($answer->FoundULN ?? ''),
        'incomingUln' => $answer->IncomingULN,
        'events' => array_map(fn ($e) => [$e->SubjectCode, $e->Source, (int) $e->Credits, $e->UnderDataChallenge, $e->AwardingOrganisationUkprn], $record),
    ]);
}

function learner(SoapClient $client, string $uln, string $given, string $family): stdClass
{
    return $client->LearnerByUln([
        'invokingOrganisation' => SCHOOL, 'userType' => 'ORG', 'vendorId' => 1, 'language' => 'ENG',
        'uln' => $uln, 'givenName' => $given, 'familyName' => $family, 'findType' => 'FUL',
    ])->LearnerByUlnResult;
}

$base = $argv[1];
$client = client("$base/LearnerServiceR9.svc?wsdl");
events($client, 'events-exact', '1174112637', 'TestOne', 'TesterOne');
events($client, 'events-linked', '4444599390', 'Sample', 'Test');
events($client, 'events-not-shared', '1026922983', 'Private', 'Testlearner');
events($client, 'events-not-verified', '1174112637', 'Darcie', 'Tucker');

$found = learner($client, '4444599390', 'Sample', 'Test');
emit([
    'step' => 'learner-linked',
    'responseCode' => $found->ResponseCode,
    'uln' => $found->Uln,
    'learnerUln' => $found->Learner->Uln,
    'linkedUlns' => $found->Learner->LinkedUlns->string,
    'givenName' => $found->Learner->GivenName,
    'dateOfBirth' => substr($found->Learner->DateOfBirth, 0, 10),
]);
$version = (int) $found->Learner->VersionNumber;
$update = [
    'invokingOrganisation' => SCHOOL, 'userType' => 'ORG', 'vendorId' => 1, 'language' => 'ENG', 'uln' => '4444599390',
    'versionNumber' => $version, 'emailAddress' => null, 'telephoneNumber' => '01234 567890', 'abilityToShare' => 'NotProvided',
    'schoolAtAge16' => null, 'preferredGivenName' => null,
];
emit(['step' => 'update', 'result' => $client->UpdateLearnerSubsetFields($update)->UpdateLearnerSubsetFieldsResult]);
emit(['step' => 'update-stale', 'result' => $client->UpdateLearnerSubsetFields($update)->UpdateLearnerSubsetFieldsResult]);
$after = learner($client, '6936002314', 'Testing-Sample', 'Test');
emit(['step' => 'learner-updated', 'telephone' => $after->Learner->TelephoneNumber, 'versionNumber' => (int) $after->Learner->VersionNumber]);

$page = $client->ViewAudit([
    'invokingOrganisation' => SCHOOL, 'userType' => 'ORG', 'vendorId' => 1, 'language' => 'ENG',
    'learnerUln' => '1174112637', 'learnerGivenName' => 'TestOne', 'learnerFamilyName' => 'TesterOne', 'page' => 1,
])->ViewAuditResult;
$entries = $page->List->PlrAccessEntryResponse ?? [];
$actions = array_values(array_unique(array_map(fn ($e) => $e->Action, $entries)));
$users = array_values(array_unique(array_map(fn ($e) => $e->User, $entries)));
sort($actions);
sort($users);
emit([
    'step' => 'audit',
    'totalItems' => (int) $page->TotalItems,
    'pageSize' => (int) $page->PageSize,
    'pageIndex' => (int) $page->PageIndex,
    'actions' => $actions,
    'users' => $users,
]);

$single = client("$base/LearnerServiceR9.svc?singlewsdl");
$organisation = $single->GetOrganisation([
    'invokingOrganisation' => SCHOOL, 'userType' => 'ORG', 'vendorId' => 1, 'language' => 'ENG', 'ukPrn' => '10099901', 'orgRef' => null,
])->GetOrganisationResult;
emit([
    'step' => 'organisation',
    'responseCode' => $organisation->ResponseCode,
    'displayName' => $organisation->DisplayName,
    'orgRef' => $organisation->OrgRef,
    'status' => $organisation->Status,
]);

try {
    events($client, 'refused', '1174112637', 'TestOne', 'TesterOne', AO_TWO_R10);
} catch (SoapFault $fault) {
    emit(['step' => 'refused', 'fault' => $fault->detail->DomainFault->ErrorCode ?? $fault->getMessage()]);
}
