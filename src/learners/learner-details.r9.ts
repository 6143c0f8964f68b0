import { optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import {
  complexMember,
  dateTimeOfDate,
  member,
  type MemberValue,
  R9_ARRAYS_NS,
  R9_MIAP_NS,
  r9CallContext,
  r9Operation,
  r9Response,
  r9StringResponse,
} from '../soap/lrs-learner-service-r9';
import type { SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import type { FoundRecord } from './find-learner.service';
import type { AbilityToShareChoice, FindType } from './learner-details.rules';
import type { LearnerSearch } from './learner-search.rules';
import type {
  LearnerByUlnAnswer,
  LearnerByUlnQuery,
  LearnerDetailsService,
  UpdateSubsetCommand,
} from './learner-details.service';

/**
 * LearnerByUln and UpdateLearnerSubsetFields of LearnerServiceR9.svc (docs/contracts.md, "LearnerServiceR9"):
 * request parameters to a query or command, the use case, its answer in the WCF wire shape.
 */
export function learnerDetailsR9Operations(service: LearnerDetailsService, roles: readonly Role[]): SoapOperation[] {
  return [
    r9Operation('LearnerByUln', roles, {
      read: readLearnerByUln,
      handle: async (query, call) => ({ query, answer: await service.learnerByUln(query, r9CallContext(call)) }),
      write: ({ query, answer }) => renderLearnerByUln(query, answer),
    }),
    r9Operation('UpdateLearnerSubsetFields', roles, {
      read: readSubsetCommand,
      handle: (command, call) => service.updateSubsetFields(command, r9CallContext(call)),
      write: (code) => r9StringResponse('UpdateLearnerSubsetFields', code),
    }),
  ];
}

function readLearnerByUln(payload: XmlObject): LearnerByUlnQuery {
  return { ...readLearnerSearch(payload), findType: optionalTextOf(payload, 'findType') };
}

/** The learner a request names: `uln`, `givenName`, `familyName` (ViewAudit: `learnerUln`, …); empty and nil alike absent. */
export function readLearnerSearch(payload: XmlObject, prefix: '' | 'learner' = ''): LearnerSearch {
  const name = (member: string) => (prefix === '' ? member : `${prefix}${member[0].toUpperCase()}${member.slice(1)}`);
  return {
    uln: optionalTextOf(payload, name('uln')),
    givenName: optionalTextOf(payload, name('givenName')),
    familyName: optionalTextOf(payload, name('familyName')),
  };
}

function readSubsetCommand(payload: XmlObject): UpdateSubsetCommand {
  return {
    uln: textOf(payload, 'uln'),
    versionNumber: Number(textOf(payload, 'versionNumber')),
    emailAddress: optionalTextOf(payload, 'emailAddress'),
    telephoneNumber: optionalTextOf(payload, 'telephoneNumber'),
    abilityToShare: textOf(payload, 'abilityToShare') as AbilityToShareChoice,
    schoolAtAge16: optionalTextOf(payload, 'schoolAtAge16'),
    preferredGivenName: optionalTextOf(payload, 'preferredGivenName'),
  };
}

/** LearnerByUlnResponse: ResponseCode (base member) first, then the searched names and ULN around the Learner found. */
function renderLearnerByUln(query: LearnerByUlnQuery, answer: LearnerByUlnAnswer): string {
  return r9Response(
    'LearnerByUln',
    member('a:ResponseCode', answer.responseCode) +
      member('a:FamilyName', query.familyName ?? null) +
      member('a:GivenName', query.givenName ?? null) +
      (answer.learner
        ? complexMember('a:Learner', renderLearner(answer.learner, answer.findType), ` xmlns:b="${R9_MIAP_NS}"`)
        : member('a:Learner', null)) +
      member('a:Uln', query.uln ?? null),
  );
}

/**
 * The members of the MIAPModel Learner in DataContract order; `?` marks a value type, which is left
 * out when not held (never nil). Every other member not held is sent as nil.
 * docs/decisions/0080-learner-service-r9-wire-shape.md
 */
const LEARNER_MEMBERS = [
  'AbilityToShare?',
  'AtsLearnerPreference',
  'BirthDateVerification?',
  'CountryOfAddress',
  'CountryOfBirth',
  'CountryOfDomicle',
  'CountryOfLastKnownAddress',
  'CreatedDate?',
  'CreatedViaChannel?',
  'DateOfAddressCapture',
  'DateOfBirth?',
  'DateOfDeath',
  'DeathDateVerification?',
  'Deceased?',
  'DeceasedDate',
  'DisabilityCode?',
  'EmailAddress',
  'EthnicityCode',
  'EthnicityVerification?',
  'EtlLoadId',
  'FamilyName',
  'FamilyNameAt16',
  'FamilyNameFirst',
  'FirstEstablismentId?',
  'Gender?',
  'GivenName',
  'InReceiptOfDsa?',
  'Initials',
  'LastCompiledLearnerPlanReport',
  'LastCompiledLearnerRecordReport',
  'LastKnownAddressChanged?',
  'LastKnownAddressCountyOrCity',
  'LastKnownAddressLine1',
  'LastKnownAddressLine2',
  'LastKnownAddressQualififer?',
  'LastKnownAddressTown',
  'LastKnownGender?',
  'LastKnownPostCode',
  'LastUpdatedAction',
  'LastUpdatedDate?',
  'LastUpdatedLrbUsername',
  'LastUpdatedLrsUsername',
  'LastUpdatedSearchKey',
  'LastUpdatedViaChannel?',
  'LearningDifficultyCode?',
  'LinkedUlns',
  'ManualUpdate?',
  'MaritalStatus?',
  'MaritalStatusVerification?',
  'MasterUln',
  'MiddleOtherName',
  'NameSuffix',
  'NationalInsuranceNumber',
  'Nationality',
  'NextDataChallengeNo',
  'NormalisedFamilyName',
  'NormalisedGivenName',
  'NormalisedOtherNames',
  'NormalisedPerferredGivenName',
  'NormalisedPreviousFamilyName',
  'Notes',
  'OtherVerificationDescription',
  'PlaceOfBirth',
  'PotentialDuplicateSearchKey',
  'PreferredFamilyFirstNameFirst',
  'PreferredFamilyName',
  'PreferredGivenName',
  'PreviousFamilyName',
  'ReasonForDeletion',
  'RecordStatus?',
  'ReferenceNumber',
  'RegisteredByOrganisationRef',
  'RestrictedUse',
  'SchoolAtAge16',
  'ScottishCandidateNumber',
  'SecretQuestionId',
  'SecurityAnswer',
  'SenType?',
  'SequentialVersionNumber?',
  'TelephoneNumber',
  'TierLevel?',
  'Title',
  'Uln',
  'UniqueCandidateIdentifier',
  'UniquePupilNumber',
  'VerificationType?',
  'VersionNumber?',
] as const;

/**
 * The members CHK returns, as learnerByULN's CHK does (docs/decisions/0078-finding-learners-codes-and-limits.md):
 * enough to know the learner and the ULN to use; no address, school, contact details or notes.
 */
const CHK_MEMBERS = new Set([
  'AbilityToShare',
  'CreatedDate',
  'DateOfBirth',
  'FamilyName',
  'Gender',
  'GivenName',
  'LastKnownPostCode',
  'LastUpdatedDate',
  'LinkedUlns',
  'MasterUln',
  'RecordStatus',
  'Uln',
  'VersionNumber',
]);

function renderLearner(found: FoundRecord, findType: FindType): string {
  const l = found.record;
  const held: Record<string, MemberValue> = {
    AbilityToShare: Number(l.abilityToShare),
    CreatedDate: dateTimeOfDate(l.createdDate) ?? undefined,
    DateOfAddressCapture: dateTimeOfDate(l.dateOfAddressCapture),
    DateOfBirth: dateTimeOfDate(l.dateOfBirth) ?? undefined,
    EmailAddress: l.emailAddress,
    FamilyName: l.familyName,
    FamilyNameAt16: l.familyNameAtAge16,
    Gender: l.gender,
    GivenName: l.givenName,
    LastKnownAddressCountyOrCity: l.lastKnownAddressCountyOrCity,
    LastKnownAddressLine1: l.lastKnownAddressLine1,
    LastKnownAddressLine2: l.lastKnownAddressLine2,
    LastKnownAddressTown: l.lastKnownAddressTown,
    LastKnownPostCode: l.lastKnownPostCode,
    LastUpdatedDate: dateTimeOfDate(l.lastUpdatedDate) ?? undefined,
    MasterUln: l.masterUln,
    MiddleOtherName: l.middleOtherName,
    Nationality: l.nationality,
    Notes: l.notes,
    OtherVerificationDescription: l.otherVerificationDescription,
    PlaceOfBirth: l.placeOfBirth,
    PreferredGivenName: l.preferredGivenName,
    PreviousFamilyName: l.previousFamilyName,
    RecordStatus: l.learnerStatus,
    SchoolAtAge16: l.schoolAtAge16,
    ScottishCandidateNumber: l.scottishCandidateNumber,
    TelephoneNumber: l.telephoneNumber,
    TierLevel: l.tierLevel ?? undefined,
    Title: l.title,
    Uln: l.uln,
    VerificationType: l.verificationType ?? undefined,
    VersionNumber: l.versionNumber,
  };
  return LEARNER_MEMBERS.map((entry) => {
    const valueType = entry.endsWith('?');
    const name = valueType ? entry.slice(0, -1) : entry;
    const returned = findType === 'FUL' || CHK_MEMBERS.has(name);
    if (name === 'LinkedUlns') return linkedUlns(returned ? found.linkedUlns : []);
    const value = returned && name in held ? held[name] : null;
    return member(`b:${name}`, valueType ? (value ?? undefined) : (value ?? null));
  }).join('');
}

function linkedUlns(ulns: string[]): string {
  if (ulns.length === 0) return member('b:LinkedUlns', null);
  return complexMember('b:LinkedUlns', ulns.map((uln) => member('c:string', uln)).join(''), ` xmlns:c="${R9_ARRAYS_NS}"`);
}
