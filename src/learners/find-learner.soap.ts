import type { Role } from '../platform/auth/roles';
import { objectOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { AO_NS, aoCallContext, aoOperation } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { DemographicSearch } from './find-learner.rules';
import type { FindLearnerService, FindResult, FoundRecord } from './find-learner.service';
import { normalisePostcode } from './postcode';
import type { Gender } from './verification.rules';

/** A FindLearner request: by ULN and names, or by demographics (the schema lets one be sent). */
export type AoFind =
  | { by: 'uln'; search: { uln: string; givenName: string; familyName: string } }
  | { by: 'demographics'; search: DemographicSearch };

/**
 * AO gateway FindLearner: learnerByULN and learnerByDemographics of LearnerService on our contract,
 * answered by the same FindLearnerService (learner management, the codes, the audit of every read).
 * docs/decisions/0093-learner-operations-on-the-ao-gateway.md
 */
export function aoFindLearnerOperation(service: FindLearnerService, roles: readonly Role[]): SoapOperation<AoFind, FindResult> {
  return aoOperation('FindLearner', roles, {
    read: findOf,
    handle: (find, call) =>
      find.by === 'uln'
        ? service.byUln(find.search, aoCallContext(call))
        : service.byDemographics(find.search, aoCallContext(call)),
    write: renderFindLearnerResponse,
  });
}

function findOf(payload: XmlObject): AoFind {
  if (payload.ByULN !== undefined) {
    const byUln = objectOf(payload, 'ByULN');
    return {
      by: 'uln',
      search: { uln: textOf(byUln, 'ULN'), givenName: textOf(byUln, 'GivenName'), familyName: textOf(byUln, 'FamilyName') },
    };
  }
  const search = objectOf(payload, 'ByDemographics');
  return {
    by: 'demographics',
    search: {
      givenName: textOf(search, 'GivenName'),
      familyName: textOf(search, 'FamilyName'),
      dateOfBirth: textOf(search, 'DateOfBirth').slice(0, 10),
      gender: Number(textOf(search, 'Gender')) as Gender,
      lastKnownPostCode: textOf(search, 'Postcode'),
      previousFamilyName: optionalTextOf(search, 'PreviousFamilyName'),
    },
  };
}

function renderFindLearnerResponse(result: FindResult): string {
  return (
    `<ao:FindLearnerResponse xmlns:ao="${AO_NS}">` +
    leaf('ao:ResponseCode', result.responseCode) +
    result.learners.map(renderFoundLearner).join('') +
    '</ao:FindLearnerResponse>'
  );
}

/** What identifies the learner, as a CHK find gives it: no address or contact details. */
function renderFoundLearner({ record: r, masterSubstituted, linkedUlns }: FoundRecord): string {
  return (
    '<ao:Learner>' +
    leaf('ao:ULN', r.uln) +
    leaf('ao:MasterSubstituted', String(masterSubstituted)) +
    leaf('ao:GivenName', r.givenName) +
    leaf('ao:FamilyName', r.familyName) +
    leaf('ao:DateOfBirth', r.dateOfBirth) +
    leaf('ao:Gender', r.gender) +
    leaf('ao:Postcode', normalisePostcode(r.lastKnownPostCode) ?? r.lastKnownPostCode) +
    leaf('ao:AbilityToShare', r.abilityToShare) +
    leaf('ao:LearnerStatus', r.learnerStatus) +
    linkedUlns.map((uln) => leaf('ao:LinkedULN', uln)).join('') +
    '</ao:Learner>'
  );
}
