import fs from 'node:fs';
import { UK_TIME_ZONE } from '../platform/clock';
import { ERROR_CODES } from '../platform/error-codes';
import { DomainError, isDomainError } from '../platform/errors';
import { projectPath } from '../platform/paths';
import { escapeXml } from '../platform/xml/xml-writer';
import { SoapProtocolError } from './envelope';
import type { SoapFault } from './fault-envelope';
import type { SoapCall } from './soap-call';
import type { SoapFaultWriter } from './soap-endpoint';

export const LRS_EXCEPTIONS_NS = 'http://api.lrs.miap.gov.uk/exceptions';
/** The fault namespace of the WCF services (ExternalService.svc, LearnerServiceR9.svc). */
export const LRS_FAULTS_NS = 'http://api.lrs.qcf.gov.uk/faults';
const FAULTSTRING = 'uk.gov.miap.lrs.api.exceptions.MIAPAPIException';
const VALIDATOR_ACTOR = 'uk.gov.miap.lrs.api.learner.utils.MSGValidator.validateSOAPMSG()';

/** Descriptions of the WSEC codes (docs/contracts.md, "Response and error codes"; WSEC0001's is the real one, recorded). */
const DESCRIPTIONS: Record<string, string> = {
  WSEC0001:
    'Invalid request, The request was badly formed - this may include missing mandatory parameters, or invalid data types.',
  WSEC0002: 'Unknown request, The request is not recognised by the service.',
  WSEC0003: 'Unknown organisation, The organisation is not recognised or not authorised to use the service.',
  WSEC0004: 'Service unavailable, The service is not available at this time.',
  WSEC0005: 'Invalid password, The organisation password or user credentials are not valid.',
  WSEC0006: 'Not authorised, The organisation or user is not allowed to use this service.',
  WSEC0136: 'Invalid ULN, The supplied ULN is not valid.',
  WSEC0999: 'Unknown exception, An unexpected error occurred.',
};

/**
 * Faults of the LRS-compatible services in the real wire shape (lrs-recorded/error_ful.xml):
 * faultcode soapenv:Server, faultstring MIAPAPIException, detail ns10:MIAPAPIException with
 * unqualified ErrorCode, ErrorActor, Description, FurtherDetails, ErrorTimestamp. Schema
 * failures are reported in Xerces' words, as the real service does.
 */
export function lrsFaultWriter(operationActor: (call: SoapCall) => string, patternTypes: PatternTypes): SoapFaultWriter {
  return {
    describe(error: unknown, call: SoapCall): SoapFault {
      const known = isDomainError(error) ? error : new DomainError('INTERNAL_ERROR');
      const errorCode = ERROR_CODES[known.code].lrs;
      const schemaFailure = call.schemaIssues !== undefined || known.code === 'MESSAGE_MALFORMED';
      const actor = schemaFailure || errorCode === 'WSEC0001' ? VALIDATOR_ACTOR : operationActor(call);
      const verbRefused = known.code === 'HTTP_METHOD_NOT_ALLOWED';
      const description = verbRefused ? 'UnsupportedHttpVerb' : (DESCRIPTIONS[errorCode] ?? DESCRIPTIONS.WSEC0999);
      const further = verbRefused
        ? `UnsupportedHttpVerb ${call.httpMethod}`
        : call.schemaIssues
          ? xercesMessage(call.schemaIssues, patternTypes)
          : known.message;
      const detailXml =
        `<ns10:MIAPAPIException xmlns:ns10="${LRS_EXCEPTIONS_NS}">` +
        `<ErrorCode>${errorCode}</ErrorCode>` +
        `<ErrorActor>${escapeXml(actor)}</ErrorActor>` +
        `<Description>${escapeXml(description)}</Description>` +
        `<FurtherDetails>${escapeXml(`${further} [correlation id ${call.correlationId}]`)}</FurtherDetails>` +
        `<ErrorTimestamp>${lrsTimestamp(new Date())}</ErrorTimestamp>` +
        '</ns10:MIAPAPIException>';
      const faultcode = known instanceof SoapProtocolError ? known.faultcode : 'Server';
      return { faultcode, faultstring: FAULTSTRING, detailXml };
    },
  };
}

/**
 * Faults of the LRS-compatible WCF services (ExternalService.svc, LearnerServiceR9.svc): a DomainFault
 * with the WSEC code and the explanation, base64 as its type says (docs/contracts.md, "Wire conventions").
 */
export const domainFaultWriter: SoapFaultWriter = {
  describe(error: unknown, call: SoapCall): SoapFault {
    const known = isDomainError(error) ? error : new DomainError('INTERNAL_ERROR');
    const definition = ERROR_CODES[known.code];
    const explanation = `${known.code}: ${known.message} [correlation id ${call.correlationId}]`;
    const detailXml =
      `<DomainFault xmlns="${LRS_FAULTS_NS}">` +
      `<ErrorCode>${escapeXml(definition.lrs)}</ErrorCode>` +
      `<ErrorDetail>${Buffer.from(explanation, 'utf8').toString('base64')}</ErrorDetail>` +
      '</DomainFault>';
    const faultcode = known instanceof SoapProtocolError ? known.faultcode : definition.side;
    return { faultcode, faultstring: known.message, detailXml };
  },
};

/** yyyy-MM-dd HH:mm:ss in UK time, as the real ErrorTimestamp. */
export function lrsTimestamp(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: UK_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Pattern text to the name of the simple type that declares it, read from the LRS schemas. */
export type PatternTypes = ReadonlyMap<string, string>;

export function loadPatternTypes(schemaDir = projectPath('wsdl', 'xsd', 'lrs')): PatternTypes {
  const types = new Map<string, string>();
  for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.xsd'))) {
    const text = fs.readFileSync(`${schemaDir}/${file}`, 'utf8');
    for (const match of text.matchAll(/<xs:simpleType\s+name="([^"]+)"[\s\S]*?<\/xs:simpleType>/g)) {
      for (const pattern of match[0].matchAll(/<xs:pattern\s+value="([^"]*)"/g)) {
        const value = pattern[1]
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&quot;/g, '"');
        if (!types.has(value)) types.set(value, match[1]);
      }
    }
  }
  return types;
}

/** libxml2's schema messages in the Xerces form the real LRS returns (cvc-... codes). */
export function xercesMessage(issues: string[], patternTypes: PatternTypes): string {
  const preferred = issues.find((m) => m.includes("[facet 'pattern']")) ?? issues[0] ?? '';
  let m = /\[facet 'pattern'\] The value '([\s\S]*)' is not accepted by the pattern '([\s\S]*)'\.?$/.exec(preferred);
  if (m) {
    const type = patternTypes.get(m[2]);
    return `cvc-pattern-valid: Value '${m[1]}' is not facet-valid with respect to pattern '${m[2]}'${type ? ` for type '${type}'` : ''}.`;
  }
  m = /\[facet 'enumeration'\] The value '([\s\S]*)' is not an element of the set \{([\s\S]*)\}\.?$/.exec(preferred);
  if (m) {
    const values = m[2].split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
    return `cvc-enumeration-valid: Value '${m[1]}' is not facet-valid with respect to enumeration '[${values.join(', ')}]'. It must be a value from the enumeration.`;
  }
  m = /^Element '([^']+)': This element is not expected\.(?: Expected is (?:one of )?\( ([^)]*) \))?/.exec(preferred);
  if (m) {
    const expected = m[2]
      ? ` One of '{${m[2]
          .split(',')
          .map((s) => s.trim())
          .join(', ')}}' is expected.`
      : '';
    return `cvc-complex-type.2.4.a: Invalid content was found starting with element '${localName(m[1])}'.${expected}`;
  }
  m = /^Element '([^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( ([^)]*) \)/.exec(preferred);
  if (m) {
    return `cvc-complex-type.2.4.b: The content of element '${localName(m[1])}' is not complete. One of '{${m[2]}}' is expected.`;
  }
  return preferred;
}

function localName(qname: string): string {
  return qname.replace(/^\{[^}]*\}/, '');
}
