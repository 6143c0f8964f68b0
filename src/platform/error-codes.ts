/**
 * The gateway's stable error codes: one place, listed in docs/error-codes.md and in the fault detail
 * enumeration of wsdl/xsd/ao-gateway.xsd (a test keeps the three in step).
 * `status` is the HTTP status of a JSON error; `side` says whose fault it is in SOAP terms;
 * `lrs` is the code the LRS-compatible services report for the same rejection.
 */
export type FaultSide = 'Client' | 'Server';

export interface ErrorCodeDefinition {
  message: string;
  status: number;
  side: FaultSide;
  lrs: string;
}

const client = (message: string, status = 400, lrs = 'WSEC0001'): ErrorCodeDefinition => ({
  message,
  status,
  side: 'Client',
  lrs,
});

export const ERROR_CODES = {
  // The message itself
  MESSAGE_MALFORMED: client('The request is not well-formed XML'),
  MESSAGE_FORBIDDEN_CONSTRUCT: client('Document type declarations and entities are not accepted'),
  MESSAGE_LIMIT_EXCEEDED: client('The request exceeds a structural limit (nesting depth, name length or attributes)'),
  MESSAGE_TOO_LARGE: client('The request body is larger than the limit', 413),
  MESSAGE_INVALID: client('The request does not conform to the schema'),
  MESSAGE_ENCODING_UNSUPPORTED: client('The request content encoding is not supported', 415),
  SOAP_VERSION_MISMATCH: client('Only SOAP 1.1 envelopes are accepted on this endpoint'),
  SOAP_ACTION_MISMATCH: client('The SOAPAction header does not match the operation in the body'),
  OPERATION_UNKNOWN: client('The body does not name an operation of this service', 400, 'WSEC0002'),
  HTTP_METHOD_NOT_ALLOWED: client('Use POST for SOAP calls, or GET with ?wsdl', 405),
  NOT_FOUND: client('No such resource', 404),
  REQUEST_INVALID: client('The request body or query does not conform to its JSON Schema'),
  PARAMETER_INVALID: client('A parameter holds a value the operation does not know (getType, findType) or a page below 1'),
  // Who is calling
  AUTH_REQUIRED: client('Credentials are required', 401, 'WSEC0003'),
  AUTH_FAILED: client('The username or password is not correct', 401, 'WSEC0005'),
  AUTH_ACCOUNT_SUSPENDED: client('The account is suspended; ask a super user of your organisation', 403, 'WSEC0006'),
  AUTH_PASSWORD_EXPIRED: client('The password has expired and must be changed', 403, 'WSEC0006'),
  AUTH_PASSWORD_CHANGE_REQUIRED: client('A one-time password must be changed before first use', 403, 'WSEC0006'),
  AUTH_AGREEMENT_REQUIRED: client('The user agreement must be accepted before first use', 403, 'WSEC0006'),
  AUTH_TOKEN_EXPIRED: client('The security token is outside its freshness window', 401, 'WSEC0005'),
  AUTH_NONCE_REPLAYED: client('The security token nonce has already been used', 401, 'WSEC0005'),
  AUTH_DIGEST_UNAVAILABLE: client('PasswordDigest is not enabled on this gateway; use PasswordText over TLS', 401, 'WSEC0005'),
  ORGANISATION_UNKNOWN: client('The organisation is not known to the service', 401, 'WSEC0003'),
  ORGANISATION_NOT_PERMITTED: client('The organisation may not use this service', 403, 'WSEC0006'),
  ORGANISATION_SUSPENDED: client(
    'The organisation is suspended by the service; none of its users may use it until it is reactivated',
    403,
    'WSEC0006',
  ),
  ROLE_REQUIRED: client('The user does not hold a role that allows this operation', 403, 'WSEC0006'),
  // Learner data (guide Appendix B) and the ULN (docs/contracts.md, "The ULN")
  ULN_INVALID: client('The ULN is not a valid Unique Learner Number', 400, 'WSEC0136'),
  LEARNER_NAME_INVALID: client('A name contains characters that are not allowed (guide Appendix B)'),
  LEARNER_AGE_OUT_OF_RANGE: client('The date of birth gives an age outside 11 to 110 (guide Appendix B)'),
  LEARNER_DATE_INVALID: client('A date is not a valid yyyy-mm-dd date'),
  LEARNER_GENDER_INVALID: client('Gender must be 0, 1, 2 or 9'),
  LEARNER_FIELD_INVALID: client('A learner field is missing, too long or not in its format'),
  POSTCODE_INVALID: client('The postcode is not a valid UK postcode'),
  POSTCODE_PROHIBITED: client('The postcode is on the prohibited postcode list (guide Appendix B)'),
  TEXT_PROHIBITED: client('A field contains prohibited text (guide Appendix B)'),
  LEARNER_MASTER_UNKNOWN: client('The master ULN of a linked learner is not on the register'),
  // Registering and updating learners (docs/decisions/0085-registering-and-updating-learners.md): LRS response codes, not faults
  LEARNER_NOT_SEARCHED_FIRST: client(
    'Search for the learner with learnerByDemographics (FUL) on the same details just before registering',
    409,
    'WSRC0021',
  ),
  LEARNER_POSSIBLE_MATCHES_FOUND: client(
    'A search just made found learners who may be this one: look at them, and register after the wait',
    409,
    'WSRC0021',
  ),
  LEARNER_ALREADY_REGISTERED: client('A learner with the same mandatory details is already on the register', 409, 'WSRC0021'),
  LEARNER_DATA_INSUFFICIENT: client('The details are not enough to register or update the learner', 400, 'WSRC0015'),
  LEARNER_NOT_FOUND: client('No learner on the register has this ULN', 404, 'WSRC0019'),
  LEARNER_VERSION_CONFLICT: client('The learner has changed since the VersionNumber sent was read', 409, 'WSRC0013'),
  LEARNER_UNCHANGED: client('The details sent are those held: nothing was changed', 409, 'WSRC0020'),
  // Qualifications and achievements (guide section 5, Appendix D)
  AIM_REFERENCE_INVALID: client('The aim reference is not a unit or qualification reference number'),
  QUALIFICATION_UNKNOWN: client('No unit or qualification has this reference', 404),
  QUALIFICATION_NOT_AVAILABLE: client('The unit or qualification is not owned by or shared with your organisation', 403),
  AWARD_DATE_INVALID: client('The award date is not a valid yyyy-mm-dd date'),
  AWARD_DATE_IN_FUTURE: client('The award date must not be after today'),
  AWARD_DATE_TOO_EARLY: client('The award date must not be before 2006-09-01'),
  AWARD_DATE_OUTSIDE_QUALIFICATION: client("The award date is outside the unit's or qualification's operational dates"),
  GRADE_INVALID: client('The grade is not valid for the unit or qualification'),
  LANGUAGE_INVALID: client('The language for assessment is not one of the accepted languages'),
  PROVIDER_UKPRN_INVALID: client('The provider UKPRN is not a UK Provider Reference Number'),
  ACTION_DATE_INVALID: client('The action date is not a valid yyyy-mm-dd date'),
  ACTION_DATE_IN_FUTURE: client('The action date must not be after today'),
  ACTION_REASON_INVALID: client('The action reason is not one of the reasons of guide Appendix D'),
  LEARNER_NOT_VERIFIED: client('The learner details do not verify against the Learner Register for this ULN', 400, 'WSEC0208'),
  LEARNER_NOT_SHARING: client(
    'The learner has not agreed to share their learning record (AbilityToShare): no achievements are returned',
    403,
    'WSEC0206',
  ),
  NAMES_DIFFER_FROM_CREATION: client('The names differ from those used when the achievement was created'),
  ACHIEVEMENT_EXISTS: client('An achievement with this ULN, aim reference and award date already exists', 409),
  ACHIEVEMENT_NOT_FOUND: client('No achievement of your organisation has this ULN, aim reference and award date', 404),
  ACHIEVEMENT_WITHDRAWN: client('The achievement is withdrawn and cannot be updated', 409),
  ACHIEVEMENT_ALREADY_WITHDRAWN: client('The achievement is already withdrawn', 409),
  ACHIEVEMENT_NOT_WITHDRAWN: client('Only a withdrawn achievement can be reinstated', 409),
  REINSTATE_GRADE_CHANGE: client('A reinstatement cannot change the grade', 409),
  ACHIEVEMENT_UNCHANGED: client('The update changes nothing', 409),
  CONCURRENT_UPDATE: client('The record was changed by another request at the same time; try again', 409),
  // The Ofqual Register, for the operator's sync and import (ofqual-register.md)
  QUALIFICATION_FILE_INVALID: client('The file is not a qualification download of the register named (its headings or dates)'),
  OFQUAL_REFUSED: { message: 'The Ofqual Register API refused the request', status: 502, side: 'Server', lrs: 'WSEC0999' },
  OFQUAL_UNAVAILABLE: { message: 'The Ofqual Register API did not answer', status: 503, side: 'Server', lrs: 'WSEC0004' },
  // Batch files and jobs (docs/batches.md; their LRS codes: docs/contracts.md, "Response and error codes")
  BATCH_FILE_INVALID: client('The file cannot be read as a batch of its type'),
  BATCH_JOB_NOT_FOUND: client('No batch job of your organisation has this id', 404, 'WSRC0018'),
  BATCH_DUPLICATE_FILE: client('This file was already submitted as an achievement batch', 409),
  BATCH_NOT_FINISHED: client('The batch job has not finished; its output is not ready yet', 409),
  BATCH_ALREADY_FINISHED: client('The batch job has finished and cannot be cancelled', 409),
  BATCH_RECORD_COUNT_MISMATCH: client('LearnerRecordCount differs from the number of learners sent', 400, 'WSRC0030'),
  BATCH_EMAIL_INVALID: client('The email address in the request is not valid', 400, 'WSEC0044'),
  BATCH_SUBMISSION_TYPE_INVALID: client('The submission type is not valid', 400, 'WSEC0045'),
  BATCH_TOO_MANY_RECORDS: client('The request holds more records than one batch may', 400, 'WSEC0046'),
  BATCH_NO_RECORDS: client('The request holds no records', 400, 'WSEC0047'),
  BATCH_NOT_PERMITTED: client('The organisation is not set up to submit this kind of batch', 403, 'WSRC0043'),
  // Event data challenges (guide section 6)
  DATA_CHALLENGE_NOT_FOUND: client('No data challenge of your organisation has this id', 404),
  DATA_CHALLENGE_ACHIEVEMENT_NOT_FOUND: client('No achievement has this ULN, aim reference and award date', 404),
  DATA_CHALLENGE_TYPE_MISMATCH: client('The problem type does not go with the data challenge type (guide 6.1)'),
  DATA_CHALLENGE_TYPE_NOT_ALLOWED: client('This type of data challenge is raised by the LRS support team (guide 6.2.3)', 403),
  DATA_CHALLENGE_TEXT_INVALID: client('The description or comment is empty or longer than 2000 characters'),
  DATA_CHALLENGE_OPEN_EXISTS: client('The achievement already has an open data challenge', 409),
  DATA_CHALLENGE_TRANSITION_INVALID: client('The data challenge cannot move from its status to the one asked for', 409),
  DATA_CHALLENGE_COMMENT_REQUIRED: client('A comment is required to resolve (guide 6.4), or to update without a status change'),
  DATA_CHALLENGE_ASSIGNEE_INVALID: client(
    'A data challenge is assigned to an awarding organisation, and reassigned to another than the one it has',
  ),
  DATA_CHALLENGE_CLOSED: client('The data challenge is resolved and can no longer change or be acted under', 409),
  // Users, super users and operators (guide section 3, Appendix A)
  AUTH_SECRET_QUESTION_REQUIRED: client('A secret question and answer must be set before first use', 403, 'WSEC0006'),
  USER_NOT_FOUND: client('No user of your organisation has this username', 404),
  USER_ALREADY_EXISTS: client('A user with this given name, family name and email already exists in your organisation', 409),
  USER_DELETED: client('The account is deleted; a deleted account is never changed or reused', 409),
  USER_NAME_INVALID: client('A given or family name is missing, too long or has characters that are not allowed'),
  GENERIC_ACCOUNT: client('Generic accounts are prohibited (guide 3.5.1): each account belongs to one person'),
  ROLE_NOT_GRANTABLE: client('A role asked for cannot be granted in your organisation', 403, 'WSEC0006'),
  LAST_SUPER_USER: client('The organisation would be left without an active super user', 409),
  PASSWORD_POLICY: client('The password does not meet the password policy (guide 3.4)'),
  PASSWORD_REUSED: client('The new password must differ from the current one'),
  SECRET_QUESTION_UNKNOWN: client('The secret question is not one of the listed questions'),
  SECRET_ANSWER_INVALID: client('The secret answer is too short or too long'),
  SECRET_QUESTION_NOT_SET: client('The user has not set a secret question yet', 409),
  AGREEMENT_VERSION_MISMATCH: client('The agreement accepted is not the current version of the user agreement', 409),
  ORGANISATION_NOT_FOUND: client('No organisation has this UKPRN', 404),
  ORGANISATION_EXISTS: client('An organisation with this UKPRN, OrganisationRef or recognition number already exists', 409),
  ORGANISATION_INVALID: client('An awarding organisation needs an Ofqual recognition number; an LRB has none'),
  LEARNER_MANAGEMENT_NOT_GRANTED: client(
    'The organisation has not been granted learner management (guide 1.4): finding learners and reading their records need it',
    403,
    'WSEC0006',
  ),
  LEARNER_MANAGEMENT_UNCHANGED: client('The organisation already holds, or already lacks, learner management', 409),
  ORGANISATION_STATUS_UNCHANGED: client('The organisation is already in that state, or is the operator organisation', 409),
  WS_PASSWORD_POLICY: client(
    'The web-services password must be 16 characters with upper and lower case letters and a non-alphabetic character, no spaces',
  ),
  // Client certificates (TLS; docs/contracts.md, "Authentication": the real LRS knows each MIS system by its certificate)
  CLIENT_CERTIFICATE_REQUIRED: client(
    'A client certificate is required: call over HTTPS with the certificate registered for your organisation',
    401,
    'WSEC0003',
  ),
  CLIENT_CERTIFICATE_UNTRUSTED: client(
    'The client certificate is not signed by a certificate authority this service trusts',
    401,
    'WSEC0005',
  ),
  CLIENT_CERTIFICATE_EXPIRED: client('The client certificate has expired or is not yet valid', 401, 'WSEC0005'),
  CLIENT_CERTIFICATE_REVOKED: client('The client certificate has been revoked by the authority that issued it', 401, 'WSEC0005'),
  CLIENT_CERTIFICATE_UNKNOWN: client('The client certificate is not registered to any organisation', 401, 'WSEC0005'),
  CLIENT_CERTIFICATE_ORGANISATION_MISMATCH: client(
    'The client certificate is registered to another organisation than the caller',
    403,
    'WSEC0006',
  ),
  CLIENT_CERTIFICATE_INVALID: client(
    'The certificate cannot be registered: one PEM end-entity certificate, valid now, issued by the client CA',
  ),
  CLIENT_CERTIFICATE_EXISTS: client('This certificate is already registered', 409),
  CLIENT_CERTIFICATE_NOT_FOUND: client('No certificate with this fingerprint is registered to the organisation', 404),
  // Rate limits (docs/decisions/0007-soap-faults-with-http-500.md): a Server fault, because the same call succeeds later unchanged
  RATE_LIMITED: {
    message: 'Too many requests from your organisation or address; retry after the time given',
    status: 429,
    side: 'Server',
    lrs: 'WSEC0004',
  },
  // The service
  SERVICE_MAINTENANCE: {
    message: 'The service is closed for maintenance (out of service hours); retry after the time given',
    status: 503,
    side: 'Server',
    lrs: 'WSEC0004',
  },
  MAINTENANCE_WINDOW_INVALID: client('A maintenance window must end after it starts, and not in the past'),
  MAINTENANCE_WINDOW_NOT_FOUND: client('No maintenance window that has not yet started has this id', 404),
  SANDBOX_DISABLED: client('This deployment has no sandbox: fault injection, reset and snapshots are off (SANDBOX=off)', 403, 'WSEC0006'),
  SANDBOX_BUSY: client('A batch job of your organisation is being worked: reset or restore once it has finished', 409),
  SNAPSHOT_NOT_FOUND: client('Your organisation has no snapshot of this name', 404),
  SNAPSHOT_CONFLICT: client('The snapshot cannot be restored: another organisation now holds an achievement with the same ULN, aim reference and award date', 409),
  FAULT_INJECTION_NOT_FOUND: client('No fault injection of your organisation has this id', 404),
  JOURNAL_ENTRY_NOT_FOUND: client("No entry of your organisation's request journal has this id", 404),
  SERVICE_UNAVAILABLE: { message: 'The service is temporarily unavailable', status: 503, side: 'Server', lrs: 'WSEC0004' },
  INTERNAL_ERROR: { message: 'An unexpected error occurred', status: 500, side: 'Server', lrs: 'WSEC0999' },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
