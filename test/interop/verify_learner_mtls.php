<?php
/**
 * verifyLearner on the LRS-compatible Learner Register over HTTPS with a client certificate, the
 * way a PHP MIS built for the real LRS calls it (docs/contracts.md: Authentication: SoapClient with the PEM in
 * the stream context's local_cert, credentials in the body).
 *
 * Usage: php verify_learner_mtls.php <base-url> <server-ca.pem> [<client-cert.pem> <client-key.pem>]
 * Prints one JSON line: {"responseCode": ...} or {"fault": {"code": WSEC..., "details": ...}} or {"error": ...}.
 */

if (!extension_loaded('soap')) {
    fwrite(STDERR, 'PHP ' . PHP_VERSION . " has no soap extension: apt-get install -y --no-install-recommends php-cli php-soap\n");
    exit(3);
}
if ($argc < 3) {
    fwrite(STDERR, "usage: php verify_learner_mtls.php <base-url> <server-ca.pem> [<client-cert.pem> <client-key.pem>]\n");
    exit(2);
}

$ssl = ['cafile' => $argv[2], 'verify_peer' => true, 'verify_peer_name' => true];
if ($argc > 4) {
    $ssl['local_cert'] = $argv[3];
    $ssl['local_pk'] = $argv[4];
}
try {
    $client = new SoapClient(rtrim($argv[1], '/') . '/LearnerService.svc?wsdl', [
        'cache_wsdl' => WSDL_CACHE_NONE,
        'soap_version' => SOAP_1_1,
        'exceptions' => true,
        'connection_timeout' => 20,
        'stream_context' => stream_context_create(['ssl' => $ssl]),
    ]);
    $response = $client->verifyLearner([
        'UKPRN' => '10099901',
        'OrgPassword' => 'AO1WebService#01',
        'UserName' => 'victor.vance',
        'LearnerToVerify' => ['ULN' => '1026893096', 'GivenName' => 'Sample', 'FamilyName' => 'Testname'],
    ]);
    $line = ['responseCode' => $response->VerifiedLearner->ResponseCode];
} catch (SoapFault $fault) {
    $exception = $fault->detail->MIAPAPIException ?? null;
    $line = ['fault' => ['code' => $exception->ErrorCode ?? null, 'details' => $exception->FurtherDetails ?? $fault->getMessage()]];
} catch (Throwable $error) {
    $line = ['error' => get_class($error) . ': ' . $error->getMessage()];
}
echo json_encode($line, JSON_UNESCAPED_SLASHES), "\n";
