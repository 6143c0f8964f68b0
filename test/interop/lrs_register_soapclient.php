<?php
/**
 * Learner registration on a running lrs-gateway's LearnerService, called by PHP's SoapClient
 * (ext-soap), the same steps as lrs_register_zeep.py, one JSON line each.
 *
 * Usage: php lrs_register_soapclient.php <base-url> <learners-json>
 * Exit status 3 means the soap extension is not loaded.
 */

if (!extension_loaded('soap')) {
    fwrite(STDERR, 'PHP ' . PHP_VERSION . " has no soap extension: apt-get install -y --no-install-recommends php-cli php-soap\n");
    exit(3);
}

const CREDENTIALS = ['UKPRN' => '10099903', 'OrgPassword' => 'LRBWebService#03', 'UserName' => 'lena.lowe'];

ini_set('default_socket_timeout', '20');

function emit(array $line): void
{
    echo json_encode($line, JSON_UNESCAPED_SLASHES), "\n";
}

/** A request: the credentials, then the rest, in the contract's order. */
function request(array $rest): array
{
    return CREDENTIALS + $rest;
}

$base = rtrim($argv[1], '/');
$learners = json_decode($argv[2], true, 512, JSON_THROW_ON_ERROR);
$client = new SoapClient("$base/LearnerService.svc?wsdl", [
    'cache_wsdl' => WSDL_CACHE_NONE,
    'soap_version' => SOAP_1_1,
    'exceptions' => true,
    'connection_timeout' => 20,
    // Learner is maxOccurs 200: always an array, even with one element.
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
]);

$searched = $learners['searched'];
$found = $client->learnerByDemographics(['FindType' => 'FUL'] + CREDENTIALS + array_intersect_key(
    $searched,
    array_flip(['FamilyName', 'GivenName', 'DateOfBirth', 'Gender', 'LastKnownPostCode'])
));
emit(['step' => 'learnerByDemographics', 'responseCode' => $found->ResponseCode]);
$registered = $client->registerSingleLearner(request(['Learner' => $learners['searched']]));
emit(['step' => 'registerSingleLearner', 'responseCode' => $registered->ResponseCode, 'uln' => $registered->ULN ?? null]);
$unsearched = $client->registerSingleLearner(request(['Learner' => $learners['unsearched']]));
emit(['step' => 'registerSingleLearner-unsearched', 'responseCode' => $unsearched->ResponseCode, 'uln' => $unsearched->ULN ?? null]);
try {
    $client->registerSingleLearner(request(['Learner' => ['GivenName' => 'B4d'] + $learners['searched']]));
    emit(['step' => 'registerSingleLearner-invalid-name', 'fault' => null]);
} catch (SoapFault $fault) {
    emit(['step' => 'registerSingleLearner-invalid-name', 'fault' => $fault->detail->MIAPAPIException->ErrorCode ?? $fault->getMessage()]);
}

$changed = ['Notes' => 'Updated by SoapClient'] + $learners['searched'] + ['ULN' => $registered->ULN, 'VersionNumber' => 1];
$updated = $client->updateSingleLearner(request(['Learner' => $changed]));
emit(['step' => 'updateSingleLearner', 'responseCode' => $updated->ResponseCode]);
$stale = $client->updateSingleLearner(request(['Learner' => ['Notes' => 'Again'] + $changed]));
emit(['step' => 'updateSingleLearner-stale', 'responseCode' => $stale->ResponseCode]);

$batch = [
    ['ULN' => $registered->ULN, 'MISIdentifier' => 'P1', 'GivenName' => $changed['GivenName'], 'FamilyName' => $changed['FamilyName'], 'Notes' => 'From the batch'],
    ['MISIdentifier' => 'P2'] + $learners['batchNew'],
];
$wrong = $client->submitBatchRegistration(request(['JobType' => 'FUL', 'LearnerRecordCount' => 3, 'Learner' => $batch]));
emit(['step' => 'submitBatchRegistration-wrong-count', 'responseCode' => $wrong->ResponseCode, 'jobId' => $wrong->JobID ?? null]);
$submitted = $client->submitBatchRegistration(request(['JobType' => 'FUL', 'LearnerRecordCount' => 2, 'Learner' => $batch]));
emit(['step' => 'submitBatchRegistration', 'responseCode' => $submitted->ResponseCode, 'hasJob' => $submitted->JobID > 0]);
for ($i = 0; $i < 100; $i++) {
    $output = $client->getBatchRegistrationOutput(request(['JobID' => $submitted->JobID]));
    if ($output->ResponseCode !== 'WSRC0008') break;
    usleep(100000);
}
emit([
    'step' => 'getBatchRegistrationOutput',
    'responseCode' => $output->ResponseCode,
    'jobStatus' => $output->JobStatus,
    'counts' => [
        $output->NewLearnersCount, $output->ExistsUpdatedLearnersCount, $output->PossibleMatchLearnersCount,
        $output->LearnersNotFoundCount, $output->RejectedLearnersCount,
    ],
    'finished' => ($output->JobFinishedDateTime ?? '') !== '',
    'learners' => array_map(fn ($l) => [$l->MISIdentifier, $l->ReturnCode, $l->ULN], $output->Learner ?? []),
]);
$unknown = $client->getBatchRegistrationOutput(request(['JobID' => 987654321]));
emit(['step' => 'getBatchRegistrationOutput-unknown', 'responseCode' => $unknown->ResponseCode]);
