import { envelope, postSoap, type SoapReply } from './soap-messages';

/** Requests of LearnerServiceR9.svc as a WCF client writes them: tempuri.org wrappers, DataContract members. */

export const R9_NS = 'http://tempuri.org/';
const COMMON_NS = 'http://schemas.datacontract.org/2004/07/Amor.Qcf.Common';
const SERVICE_INTERFACE_NS = 'http://schemas.datacontract.org/2004/07/Amor.Qcf.Service.Interface';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The compatibility data set's school (an LRB, granted learner management) and its LRB user. */
export const SCHOOL = { ukprn: '10099903', reference: 'LRB001', password: 'LRBWebService#03', username: 'lena.lowe' };
/** Awarding organisation one and its Awarding Body User. */
export const AO_ONE = { ukprn: '10099901', reference: 'AOB001', password: 'AO1WebService#01', username: 'victor.vance' };

export interface Invoking {
  ukprn?: string;
  reference?: string;
  password: string;
  username: string;
}

/** The parameter value: text, nil for null, left out for undefined. */
type Value = string | number | null | undefined;

function param(name: string, value: Value): string {
  if (value === undefined) return '';
  if (value === null) return `<tem:${name} xsi:nil="true"/>`;
  return `<tem:${name}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</tem:${name}>`;
}

/** InvokingOrganisation (LearnerByUln, UpdateLearnerSubsetFields, ViewAudit, GetOrganisation): Reference and Ukprn. */
export function invokingOrganisation(who: Invoking): string {
  const m = (name: string, value: string | undefined) => (value === undefined ? '' : `<c:${name}>${value}</c:${name}>`);
  return (
    `<tem:invokingOrganisation xmlns:c="${COMMON_NS}">` +
    m('Password', who.password) +
    m('Reference', who.reference) +
    m('Ukprn', who.ukprn) +
    m('Username', who.username) +
    '</tem:invokingOrganisation>'
  );
}

/** InvokingOrganisationR10 (GetLearnerLearningEvents): OrganisationRef and Ukprn. */
export function invokingOrganisationR10(who: Invoking): string {
  const m = (name: string, value: string | undefined) => (value === undefined ? '' : `<s:${name}>${value}</s:${name}>`);
  return (
    `<tem:invokingOrganisation xmlns:s="${SERVICE_INTERFACE_NS}">` +
    m('OrganisationRef', who.reference) +
    m('Password', who.password) +
    m('Ukprn', who.ukprn) +
    m('Username', who.username) +
    '</tem:invokingOrganisation>'
  );
}

function operation(name: string, invoking: string, params: [string, Value][]): string {
  return (
    `<tem:${name} xmlns:tem="${R9_NS}" xmlns:xsi="${XSI}">${invoking}` +
    params.map(([n, v]) => param(n, v)).join('') +
    `</tem:${name}>`
  );
}

const HEAD = (vendor = 'vendorId'): [string, Value][] => [
  ['userType', 'ORG'],
  [vendor, 1],
  ['language', 'ENG'],
];

export interface LearnerNamed {
  uln: Value;
  givenName: Value;
  familyName: Value;
  dateOfBirth?: Value;
  gender?: Value;
}

export function getLearnerLearningEvents(learner: LearnerNamed, who: Invoking = SCHOOL, getType: Value = 'FULL'): string {
  return operation('GetLearnerLearningEvents', invokingOrganisationR10(who), [
    ...HEAD('vendorID'),
    ['uln', learner.uln],
    ['givenName', learner.givenName],
    ['familyName', learner.familyName],
    ['dateOfBirth', learner.dateOfBirth ?? ''],
    ['gender', learner.gender ?? ''],
    ['getType', getType],
  ]);
}

export function learnerByUln(learner: LearnerNamed, who: Invoking = SCHOOL, findType: Value = 'FUL'): string {
  return operation('LearnerByUln', invokingOrganisation(who), [
    ...HEAD(),
    ['uln', learner.uln],
    ['givenName', learner.givenName],
    ['familyName', learner.familyName],
    ['findType', findType],
  ]);
}

export interface SubsetUpdate {
  uln: string;
  versionNumber: number;
  emailAddress?: Value;
  telephoneNumber?: Value;
  abilityToShare?: 'NotProvided' | 'FPNNotSeen' | 'FPNSeenShareData';
  schoolAtAge16?: Value;
  preferredGivenName?: Value;
}

export function updateLearnerSubsetFields(update: SubsetUpdate, who: Invoking = SCHOOL): string {
  return operation('UpdateLearnerSubsetFields', invokingOrganisation(who), [
    ...HEAD(),
    ['uln', update.uln],
    ['versionNumber', update.versionNumber],
    ['emailAddress', update.emailAddress ?? null],
    ['telephoneNumber', update.telephoneNumber ?? null],
    ['abilityToShare', update.abilityToShare ?? 'NotProvided'],
    ['schoolAtAge16', update.schoolAtAge16 ?? null],
    ['preferredGivenName', update.preferredGivenName ?? null],
  ]);
}

export function viewAudit(learner: LearnerNamed, page: number, who: Invoking = SCHOOL): string {
  return operation('ViewAudit', invokingOrganisation(who), [
    ...HEAD(),
    ['learnerUln', learner.uln],
    ['learnerGivenName', learner.givenName],
    ['learnerFamilyName', learner.familyName],
    ['page', page],
  ]);
}

export function getOrganisation(query: { ukprn?: Value; orgRef?: Value }, who: Invoking = SCHOOL): string {
  return operation('GetOrganisation', invokingOrganisation(who), [
    ['userType', 'ORG'],
    ['vendorId', 1],
    ['language', 'ENG'],
    ['ukPrn', query.ukprn ?? null],
    ['orgRef', query.orgRef ?? null],
  ]);
}

/** Posts one R9 operation with its SOAPAction. */
export function postR9(baseUrl: string, operationName: string, body: string): Promise<SoapReply> {
  return postSoap(`${baseUrl}/LearnerServiceR9.svc`, envelope(body), {
    SOAPAction: `"${R9_NS}ILearnerServiceR9/${operationName}"`,
  });
}

/** The DomainFault of a fault reply: its ErrorCode and the decoded ErrorDetail. */
export function domainFault(body: string): { errorCode?: string; detail?: string } {
  const code = /<(?:\w+:)?ErrorCode>([^<]*)</.exec(body)?.[1];
  const detail = /<(?:\w+:)?ErrorDetail>([^<]*)</.exec(body)?.[1];
  return { errorCode: code, detail: detail === undefined ? undefined : Buffer.from(detail, 'base64').toString('utf8') };
}
