import { leaf } from '../platform/xml/xml-writer';
import { optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { LRS_FIND_NS, LRS_LEARNER_NS, lrsCallContext } from '../soap/lrs-learner-service';
import type { CallContext } from '../platform/call-context';
import type { SoapOperation } from '../soap/soap-call';
import type { DemographicSearch } from './find-learner.rules';
import type { FindLearnerService, FindResult, FoundRecord } from './find-learner.service';
import { normalisePostcode } from './postcode';
import type { RecentLearnerSearches } from './recent-learner-searches';
import type { FindType } from './registration.rules';
import type { Gender } from './verification.rules';

/** Who may find learners (their organisation must also hold learner management, guide 1.4). */
export const FIND_ROLES = ['LRB_USER', 'AWARDING_BODY_USER'] as const;

/** LRS-compatible learnerByULN (docs/contracts.md, "Finding learners"). */
export function lrsLearnerByUlnOperation(
  service: FindLearnerService,
): SoapOperation<Find<{ uln: string; givenName: string; familyName: string }>, Found> {
  return findOperation(
    'learnerByULN',
    'FindLearnerByULN',
    ['ULN', 'FamilyName', 'GivenName'],
    (p) => ({ uln: textOf(p, 'ULN'), givenName: textOf(p, 'GivenName'), familyName: textOf(p, 'FamilyName') }),
    (search, context) => service.byUln(search, context),
  );
}

/**
 * LRS-compatible learnerByDemographics (docs/contracts.md, "Finding learners"). Each search answered is
 * recorded for the find-before-register rule of registerSingleLearner
 * (docs/decisions/0085-registering-and-updating-learners.md).
 */
export function lrsLearnerByDemographicsOperation(
  service: FindLearnerService,
  searches: RecentLearnerSearches,
): SoapOperation<Find<DemographicSearch>, Found> {
  return findOperation(
    'learnerByDemographics',
    'FindLearnerByDemographics',
    SEARCH_ECHO,
    (p): DemographicSearch => ({
      familyName: textOf(p, 'FamilyName'),
      givenName: textOf(p, 'GivenName'),
      dateOfBirth: textOf(p, 'DateOfBirth'),
      gender: Number(textOf(p, 'Gender')) as Gender,
      lastKnownPostCode: textOf(p, 'LastKnownPostCode'),
      previousFamilyName: optionalTextOf(p, 'PreviousFamilyName'),
    }),
    async (search, context, findType) => {
      const result = await service.byDemographics(search, context);
      const { organisationId } = context.principal;
      await searches.record({ organisationId, findType, details: search, responseCode: result.responseCode });
      return result;
    },
  );
}

/** FindLearnerResp's echo of the search, in its order. */
const SEARCH_ECHO = [
  'ULN',
  'FamilyName',
  'GivenName',
  'DateOfBirth',
  'Gender',
  'LastKnownPostCode',
  'PreviousFamilyName',
  'SchoolAtAge16',
  'PlaceOfBirth',
  'EmailAddress',
];

/** A find as read from its request: the search, the echo of it as sent, and FUL (full) or CHK. */
interface Find<Search> {
  search: Search;
  echo: string;
  full: boolean;
}

/** A find answered: the echo and FindType carried through to the response. */
interface Found {
  echo: string;
  full: boolean;
  result: FindResult;
}

/** The two finds: read the request, run the use case as the caller, write FindLearnerResponse. */
function findOperation<Search>(
  name: string,
  element: string,
  echoed: readonly string[],
  searchOf: (payload: XmlObject) => Search,
  find: (search: Search, context: CallContext, findType: FindType) => Promise<FindResult>,
): SoapOperation<Find<Search>, Found> {
  return {
    name,
    requestElement: `{${LRS_FIND_NS}}${element}`,
    soapAction: '',
    roles: FIND_ROLES,
    read: (payload) => ({
      search: searchOf(payload),
      echo: echoOf(payload, echoed),
      full: textOf(payload, 'FindType') !== 'CHK',
    }),
    handle: async ({ search, echo, full }, call) => ({
      echo,
      full,
      result: await find(search, lrsCallContext(call), full ? 'FUL' : 'CHK'),
    }),
    write: writeFindLearnerResponse,
  };
}

/** The search values exactly as sent, in the response's order (nil ones left out). */
function echoOf(payload: XmlObject, echoed: readonly string[]): string {
  return echoed
    .map((name) => {
      const sent = payload[name];
      return typeof sent === 'string' ? leaf(name, sent) : '';
    })
    .join('');
}

/** ResponseCode, the search as sent, then the learners. */
function writeFindLearnerResponse({ echo, full, result }: Found): string {
  return (
    `<ns2:FindLearnerResponse xmlns:ns2="${LRS_FIND_NS}">` +
    leaf('ResponseCode', result.responseCode) +
    echo +
    result.learners.map((learner) => renderLearner(learner, full)).join('') +
    '</ns2:FindLearnerResponse>'
  );
}

/**
 * A Learner in the real element order. FUL gives every field held; CHK only the fields the Learner
 * type requires, with MasterSubstituted and LinkedULNs: enough to know the learner and their ULN,
 * no address or contact details (docs/decisions/0078-finding-learners-codes-and-limits.md). The
 * postcode is given in its normal form ("CV4 9EE").
 */
export function renderLearner(found: FoundRecord, full: boolean): string {
  const r = found.record;
  const optional = (name: string, value: string | number | null | undefined) =>
    full && value !== null && value !== undefined ? leaf(name, value) : '';
  const linked = found.linkedUlns.map((uln) => `<ULN xmlns="">${uln}</ULN>`).join('');
  return (
    '<Learner>' +
    leaf('CreatedDate', r.createdDate) +
    leaf('LastUpdatedDate', r.lastUpdatedDate) +
    leaf('ULN', r.uln) +
    (found.masterSubstituted ? leaf('MasterSubstituted', 'Y') : '') +
    optional('Title', r.title) +
    leaf('GivenName', r.givenName) +
    optional('MiddleOtherName', r.middleOtherName) +
    leaf('FamilyName', r.familyName) +
    optional('PreferredGivenName', r.preferredGivenName) +
    optional('PreviousFamilyName', r.previousFamilyName) +
    optional('FamilyNameAtAge16', r.familyNameAtAge16) +
    optional('SchoolAtAge16', r.schoolAtAge16) +
    optional('LastKnownAddressLine1', r.lastKnownAddressLine1) +
    optional('LastKnownAddressLine2', r.lastKnownAddressLine2) +
    optional('LastKnownAddressTown', r.lastKnownAddressTown) +
    optional('LastKnownAddressCountyOrCity', r.lastKnownAddressCountyOrCity) +
    leaf('LastKnownPostCode', normalisePostcode(r.lastKnownPostCode) ?? r.lastKnownPostCode) +
    optional('DateOfAddressCapture', r.dateOfAddressCapture) +
    leaf('DateOfBirth', r.dateOfBirth) +
    optional('PlaceOfBirth', r.placeOfBirth) +
    leaf('Gender', r.gender) +
    optional('EmailAddress', r.emailAddress) +
    optional('Nationality', r.nationality) +
    optional('ScottishCandidateNumber', r.scottishCandidateNumber) +
    optional('VerificationType', r.verificationType) +
    optional('OtherVerificationDescription', r.otherVerificationDescription) +
    optional('TierLevel', r.tierLevel) +
    leaf('AbilityToShare', r.abilityToShare) +
    leaf('LearnerStatus', r.learnerStatus) +
    (linked ? `<LinkedULNs xmlns="${LRS_LEARNER_NS}">${linked}</LinkedULNs>` : `<LinkedULNs xmlns="${LRS_LEARNER_NS}"/>`) +
    (full ? leaf('Notes', r.notes ?? null) : '') +
    leaf('VersionNumber', r.versionNumber ?? 1) +
    '</Learner>'
  );
}
