import { createHash, randomBytes } from 'node:crypto';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

export const COMPAT_PASSWORD = 'Compat-Test-2026';

export function passwordTextHeader(username: string, password = COMPAT_PASSWORD): string {
  return (
    `<wsse:Security xmlns:wsse="${WSSE}"><wsse:UsernameToken><wsse:Username>${username}</wsse:Username>` +
    `<wsse:Password Type="${TOKEN_PROFILE}#PasswordText">${password}</wsse:Password></wsse:UsernameToken></wsse:Security>`
  );
}

export function passwordDigestHeader(
  username: string,
  password = COMPAT_PASSWORD,
  options: { nonce?: Buffer; created?: string } = {},
): string {
  const nonce = options.nonce ?? randomBytes(16);
  const created = options.created ?? new Date().toISOString();
  const digest = createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)]))
    .digest('base64');
  return (
    `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"><wsse:UsernameToken><wsse:Username>${username}</wsse:Username>` +
    `<wsse:Password Type="${TOKEN_PROFILE}#PasswordDigest">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

export function envelope(body: string, header = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Header>${header}</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export interface LearnerInput {
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: number;
}

export function aoVerifyLearner(input: LearnerInput): string {
  return (
    '<ao:VerifyLearner xmlns:ao="urn:lrs-gateway:ao:1">' +
    `<ao:ULN>${input.uln}</ao:ULN><ao:GivenName>${input.givenName}</ao:GivenName><ao:FamilyName>${input.familyName}</ao:FamilyName>` +
    (input.dateOfBirth ? `<ao:DateOfBirth>${input.dateOfBirth}</ao:DateOfBirth>` : '') +
    (input.gender !== undefined ? `<ao:Gender>${input.gender}</ao:Gender>` : '') +
    '</ao:VerifyLearner>'
  );
}

/** AO gateway FindLearner: by ULN and names when a ULN is given, else by demographics. */
export function aoFindLearner(input: FindInput): string {
  const leafs = (fields: [string, string | number | undefined][]) =>
    fields.map(([name, value]) => (value === undefined ? '' : `<ao:${name}>${value}</ao:${name}>`)).join('');
  const search =
    input.uln !== undefined
      ? `<ao:ByULN>${leafs([
          ['ULN', input.uln],
          ['GivenName', input.givenName],
          ['FamilyName', input.familyName],
        ])}</ao:ByULN>`
      : `<ao:ByDemographics>${leafs([
          ['GivenName', input.givenName],
          ['FamilyName', input.familyName],
          ['DateOfBirth', input.dateOfBirth],
          ['Gender', input.gender],
          ['Postcode', input.lastKnownPostCode],
          ['PreviousFamilyName', input.previousFamilyName],
        ])}</ao:ByDemographics>`;
  return `<ao:FindLearner xmlns:ao="urn:lrs-gateway:ao:1">${search}</ao:FindLearner>`;
}

/** AO gateway GetLearnerRecord: the learner's PLR, named as VerifyLearner names them. */
export function aoGetLearnerRecord(input: LearnerInput): string {
  return aoVerifyLearner(input).replace(/VerifyLearner/g, 'GetLearnerRecord');
}

export interface LrsCredentials {
  ukprn?: string;
  organisationRef?: string;
  orgPassword?: string;
  userName?: string;
}

/** OrganisationRef?, UKPRN?, OrgPassword, UserName: AO One's victor.vance unless told. */
export function lrsCredentials(credentials: LrsCredentials = {}): string {
  const c = { ukprn: '10099901', orgPassword: 'AO1WebService#01', userName: 'victor.vance', ...credentials };
  return (
    (c.organisationRef ? `<OrganisationRef>${c.organisationRef}</OrganisationRef>` : '') +
    (credentials.organisationRef && !credentials.ukprn ? '' : `<UKPRN>${c.ukprn}</UKPRN>`) +
    `<OrgPassword>${c.orgPassword}</OrgPassword><UserName>${c.userName}</UserName>`
  );
}

export function lrsVerifyLearner(input: LearnerInput, credentials: LrsCredentials = {}): string {
  return (
    '<rep:VerifyLearner xmlns:rep="http://api.lrs.miap.gov.uk/reportmsg">' +
    lrsCredentials(credentials) +
    `<LearnerToVerify><ULN>${input.uln}</ULN><FamilyName>${input.familyName}</FamilyName><GivenName>${input.givenName}</GivenName>` +
    (input.dateOfBirth ? `<DateOfBirth>${input.dateOfBirth}</DateOfBirth>` : '') +
    (input.gender !== undefined ? `<Gender>${input.gender}</Gender>` : '') +
    '</LearnerToVerify></rep:VerifyLearner>'
  );
}

export interface FindInput {
  uln?: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: number;
  lastKnownPostCode?: string;
  previousFamilyName?: string;
}

/** learnerByULN (with a ULN) or learnerByDemographics: FindType first, then the credentials, then the search. */
export function lrsFindLearner(input: FindInput, findType: 'FUL' | 'CHK' = 'FUL', credentials: LrsCredentials = {}): string {
  const element = input.uln === undefined ? 'FindLearnerByDemographics' : 'FindLearnerByULN';
  const search =
    input.uln === undefined
      ? `<FamilyName>${input.familyName}</FamilyName><GivenName>${input.givenName}</GivenName>` +
        `<DateOfBirth>${input.dateOfBirth}</DateOfBirth><Gender>${input.gender}</Gender>` +
        `<LastKnownPostCode>${input.lastKnownPostCode}</LastKnownPostCode>` +
        (input.previousFamilyName === undefined ? '' : `<PreviousFamilyName>${input.previousFamilyName}</PreviousFamilyName>`)
      : `<ULN>${input.uln}</ULN><FamilyName>${input.familyName}</FamilyName><GivenName>${input.givenName}</GivenName>`;
  return (
    `<fin:${element} xmlns:fin="http://api.lrs.miap.gov.uk/findmsg"><FindType>${findType}</FindType>` +
    `${lrsCredentials(credentials)}${search}</fin:${element}>`
  );
}

export function lrsRetrieveUlns(ulns: string[], credentials: LrsCredentials = {}): string {
  return (
    '<rep:RetrieveULNs xmlns:rep="http://api.lrs.miap.gov.uk/reportmsg">' +
    lrsCredentials(credentials) +
    `<ULNsToRetrieve>${ulns.map((uln) => `<ULN>${uln}</ULN>`).join('')}</ULNsToRetrieve></rep:RetrieveULNs>`
  );
}

export interface SoapReply {
  status: number;
  body: string;
  headers: Headers;
}

export async function postSoap(url: string, body: string, headers: Record<string, string> = {}): Promise<SoapReply> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers }, body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** The text of the first element with this local name (enough for assertions on known shapes). */
export function firstText(xml: string, localName: string): string | undefined {
  const match = new RegExp(`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${localName}>`).exec(xml);
  return match?.[1];
}

export function allTexts(xml: string, localName: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${localName}>`, 'g'))].map(
    (m) => m[1],
  );
}
