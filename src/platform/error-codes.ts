/**
 * The gateway's stable error codes: one place, listed in the README and in the fault detail
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
  ROLE_REQUIRED: client('The user does not hold a role that allows this operation', 403, 'WSEC0006'),
  // Learner data (guide Appendix B) and the ULN (lrs-interfaces section 3)
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
  LEARNER_NOT_VERIFIED: client('The learner details do not verify against the Learner Register for this ULN'),
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
  QUALIFICATION_FILE_INVALID: client('The file is not an Ofqual Register qualification download (its headings or dates)'),
  OFQUAL_REFUSED: { message: 'The Ofqual Register API refused the request', status: 502, side: 'Server', lrs: 'WSEC0999' },
  OFQUAL_UNAVAILABLE: { message: 'The Ofqual Register API did not answer', status: 503, side: 'Server', lrs: 'WSEC0004' },
  // The service
  SERVICE_UNAVAILABLE: { message: 'The service is temporarily unavailable', status: 503, side: 'Server', lrs: 'WSEC0004' },
  INTERNAL_ERROR: { message: 'An unexpected error occurred', status: 500, side: 'Server', lrs: 'WSEC0999' },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
