import { leaf } from '../platform/xml/xml-writer';
import { objectOf, type XmlObject, type XmlValue } from '../platform/xml/xml-object';
import { LRS_REPORT_NS, lrsCallContext } from '../soap/lrs-learner-service';
import type { SoapOperation } from '../soap/soap-call';
import { FIND_ROLES } from './find-learner.lrs';
import type { RetrievedUln } from './find-learner.rules';
import type { FindLearnerService } from './find-learner.service';

/** LRS-compatible retrieveULNs (docs/contracts.md, "Finding learners"): 1..200 ULNs, each answered on its own. */
export function lrsRetrieveUlnsOperation(service: FindLearnerService): SoapOperation<string[], RetrievedUln[]> {
  return {
    name: 'retrieveULNs',
    requestElement: `{${LRS_REPORT_NS}}RetrieveULNs`,
    soapAction: '',
    roles: FIND_ROLES,
    read: readUlns,
    handle: (ulns, call) => service.retrieveUlns(ulns, lrsCallContext(call)),
    write: writeRetrieveUlnsResponse,
  };
}

/** The ULNs of ULNsToRetrieve, in the order sent. */
function readUlns(payload: XmlObject): string[] {
  const sent = objectOf(payload, 'ULNsToRetrieve').ULN;
  return listOf(sent).map((uln) => (typeof uln === 'string' ? uln.trim() : ''));
}

/** RetrievedULNs: a VerifiedULN per ULN asked, and no top-level ResponseCode. */
function writeRetrieveUlnsResponse(retrieved: RetrievedUln[]): string {
  return (
    `<ns2:RetrieveULNsResponse xmlns:ns2="${LRS_REPORT_NS}"><RetrievedULNs>` +
    retrieved.map(renderVerifiedUln).join('') +
    '</RetrievedULNs></ns2:RetrieveULNsResponse>'
  );
}

function listOf(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** MIAPRetrievedULN: the ULN as asked, its master, its own code, the master's current details. */
function renderVerifiedUln(r: RetrievedUln): string {
  return (
    '<VerifiedULN>' +
    leaf('ULN', r.uln) +
    leaf('MasterULN', r.master?.uln) +
    leaf('ResponseCode', r.responseCode) +
    leaf('FamilyName', r.master?.familyName) +
    leaf('GivenName', r.master?.givenName) +
    leaf('DateOfBirth', r.master?.dateOfBirth) +
    leaf('Gender', r.master?.gender) +
    '</VerifiedULN>'
  );
}
