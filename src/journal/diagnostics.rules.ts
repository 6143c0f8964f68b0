import type { AuthenticationReason } from '../platform/auth/authentication-refused';

/**
 * Why a request was refused, said in the terms of the developer's own code: which element, on
 * which line, what the contract expected there and what usually causes it
 * (docs/decisions/0087-the-request-journal.md). Pure: it reads the refusal and the request text.
 */

export interface Diagnostic {
  /** A stable kind a console can group by. */
  kind:
    | 'ELEMENTS_OUT_OF_ORDER'
    | 'QUALIFIED_WHERE_UNQUALIFIED'
    | 'UNQUALIFIED_WHERE_QUALIFIED'
    | 'WRONG_NAMESPACE'
    | 'MISSING_ELEMENT'
    | 'UNEXPECTED_ELEMENT'
    | 'INVALID_VALUE'
    | 'SOAP_ACTION_MISMATCH'
    | 'NOT_WELL_FORMED'
    | 'UNKNOWN_OPERATION'
    | 'SOAP_VERSION'
    | 'AUTHENTICATION'
    | 'NOT_ALLOWED'
    | 'OTHER';
  summary: string;
  /** Where in the request, when known (1-based). */
  line?: number;
  column?: number;
  /** The local name of the element it is about, when a schema refusal names one (a console marks where it is). */
  element?: string;
  /** What to change in the client. */
  hint: string;
}

export interface Refusal {
  /** The stable error code of the refusal (docs/error-codes.md). */
  code: string;
  message: string;
  schemaIssues?: { message: string; line: number }[];
  authenticationReason?: AuthenticationReason;
  /** The SOAPAction the request carried and the operation its body named. */
  soapAction?: string;
  operation?: string;
}

const NOT_EXPECTED = /^Element '(\{([^}]*)\})?([^']+)': This element is not expected\. Expected is(?: one of)? \( ([^)]*) \)/;
const MISSING_CHILD = /^Element '(?:\{[^}]*\})?([^']+)': Missing child element\(s\)\. Expected is(?: one of)? \( ([^)]*) \)/;
const VALUE = /^Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '[^']+')?: (.*)$/;

interface Name {
  namespace: string | undefined;
  local: string;
}

function names(list: string): Name[] {
  return list.split(',').map((item) => {
    const match = /^\s*(?:\{([^}]*)\})?(.+?)\s*$/.exec(item) as RegExpExecArray;
    return { namespace: match[1], local: match[2] };
  });
}

const shown = (name: Name) => (name.namespace ? `${name.local} (namespace ${name.namespace})` : `${name.local} (no namespace)`);

/** Is `later` an element of the request that comes after the first `earlier`? Then the two are out of order. */
function comesAfter(requestXml: string, earlier: string, later: string): boolean {
  const at = (local: string) => requestXml.search(new RegExp(`<(?:[\\w.-]+:)?${local}[\\s/>]`));
  const first = at(earlier);
  if (first === -1) return false;
  return requestXml.slice(first).search(new RegExp(`<(?:[\\w.-]+:)?${later}[\\s/>]`)) > 0;
}

function schemaDiagnostic(issue: { message: string; line: number }, requestXml: string): Diagnostic {
  const line = issue.line > 0 ? issue.line : undefined;
  const notExpected = NOT_EXPECTED.exec(issue.message);
  if (notExpected) {
    const found: Name = { namespace: notExpected[2], local: notExpected[3] };
    const expected = names(notExpected[4]);
    const sameLocal = expected.find((name) => name.local === found.local);
    if (sameLocal && sameLocal.namespace === undefined && found.namespace !== undefined) {
      return {
        kind: 'QUALIFIED_WHERE_UNQUALIFIED',
        line,
        element: found.local,
        summary: `${found.local} is in the namespace ${found.namespace}, but the contract wants it unqualified (no namespace)`,
        hint: 'The children of this operation are unqualified (elementFormDefault="unqualified"): write them without a prefix and without a default namespace. Generated clients get this wrong when the WSDL is imported with elementFormDefault forced to qualified.',
      };
    }
    if (sameLocal && sameLocal.namespace !== undefined && found.namespace === undefined) {
      return {
        kind: 'UNQUALIFIED_WHERE_QUALIFIED',
        line,
        element: found.local,
        summary: `${found.local} has no namespace, but the contract wants it in ${sameLocal.namespace}`,
        hint: "The children of this operation are qualified: give them the operation element's namespace (the same prefix, or a default namespace).",
      };
    }
    if (sameLocal) {
      return {
        kind: 'WRONG_NAMESPACE',
        line,
        element: found.local,
        summary: `${found.local} is in the namespace ${found.namespace}, but the contract wants ${sameLocal.namespace}`,
        hint: 'Check the namespace URI your client declares for this element against the WSDL.',
      };
    }
    const first = expected[0];
    if (expected.length === 1 && comesAfter(requestXml, found.local, first.local)) {
      return {
        kind: 'ELEMENTS_OUT_OF_ORDER',
        line,
        element: found.local,
        summary: `expected ${first.local} before ${found.local}: the elements are out of order`,
        hint: 'The contract is a sequence: send the elements in the order the XSD declares them.',
      };
    }
    return {
      kind: 'UNEXPECTED_ELEMENT',
      line,
      element: found.local,
      summary: `${shown(found)} is not expected here; expected ${expected.map(shown).join(' or ')}`,
      hint:
        expected.length === 1
          ? `Send ${first.local} here (it may be missing), or remove ${found.local}.`
          : 'Send one of the expected elements here.',
    };
  }
  const missing = MISSING_CHILD.exec(issue.message);
  if (missing) {
    const expected = names(missing[2]);
    return {
      kind: 'MISSING_ELEMENT',
      line,
      element: missing[1],
      summary: `${missing[1]} ends too early: expected ${expected.map(shown).join(' or ')}`,
      hint: `Add ${expected[0].local}: the contract requires it.`,
    };
  }
  const value = VALUE.exec(issue.message);
  return {
    kind: 'INVALID_VALUE',
    line,
    element: value?.[1],
    summary: value ? `${value[1]}: ${value[2]}` : issue.message,
    hint: 'The value does not meet the type the XSD declares (length, pattern, enumeration or date format).',
  };
}

const AUTHENTICATION_HINTS: Record<AuthenticationReason, { summary: string; hint: string }> = {
  ORGANISATION_UNKNOWN: {
    summary: 'no organisation has the UKPRN or OrganisationRef the request names',
    hint: 'Check the UKPRN (8 digits) or OrganisationRef your client sends.',
  },
  ORGANISATION_PASSWORD_WRONG: {
    summary: "the organisation's web-services password (OrgPassword) is not correct",
    hint: "OrgPassword is the 16-character password of your organisation, not the user's password.",
  },
  USER_OF_ANOTHER_ORGANISATION: {
    summary: 'the user named is not a user of this organisation',
    hint: 'UserName must be a user of the organisation the UKPRN names.',
  },
  USER_UNKNOWN_OR_UNUSABLE: {
    summary: 'the user is unknown, deleted or suspended',
    hint: 'Check the username, and ask your super user whether the account is active.',
  },
  PASSWORD_WRONG: {
    summary: "the user's password is not correct",
    hint: 'Repeated wrong passwords suspend the account: check it before retrying.',
  },
  TOKEN_MALFORMED: {
    summary: 'the WS-Security token is not well formed (Nonce, digest or Created)',
    hint: 'A PasswordDigest is base64(SHA-1(nonce bytes + Created + password)); Nonce and digest must be canonical base64, Created recent UTC.',
  },
};

/** What a developer can act on for one refusal; empty for an answer that was not refused. */
export function diagnose(refusal: Refusal, requestXml: string): Diagnostic[] {
  if (refusal.schemaIssues && refusal.schemaIssues.length > 0) {
    return refusal.schemaIssues.map((issue) => schemaDiagnostic(issue, requestXml));
  }
  if (refusal.authenticationReason) {
    const { summary, hint } = AUTHENTICATION_HINTS[refusal.authenticationReason];
    return [{ kind: 'AUTHENTICATION', summary, hint }];
  }
  switch (refusal.code) {
    case 'SOAP_ACTION_MISMATCH':
      return [
        {
          kind: 'SOAP_ACTION_MISMATCH',
          summary: `the SOAPAction header${refusal.soapAction ? ` "${refusal.soapAction}"` : ''} names a different operation than the body (${refusal.operation ?? 'unknown'})`,
          hint: 'Send the SOAPAction the WSDL binds to this operation, or an empty one.',
        },
      ];
    case 'MESSAGE_MALFORMED': {
      const where = /line (\d+), column (\d+)/.exec(refusal.message);
      return [
        {
          kind: 'NOT_WELL_FORMED',
          summary: refusal.message,
          line: where ? Number(where[1]) : undefined,
          column: where ? Number(where[2]) : undefined,
          hint: 'The body is not well-formed UTF-8 XML: check escaping (&amp; &lt;) and the encoding.',
        },
      ];
    }
    case 'OPERATION_UNKNOWN':
      return [
        {
          kind: 'UNKNOWN_OPERATION',
          summary: refusal.message,
          hint: "The body element must be one of the operations in this endpoint's WSDL, in its namespace.",
        },
      ];
    case 'SOAP_VERSION_MISMATCH':
      return [
        {
          kind: 'SOAP_VERSION',
          summary: refusal.message,
          hint: 'Use SOAP 1.1 (text/xml, http://schemas.xmlsoap.org/soap/envelope/).',
        },
      ];
    case 'ROLE_REQUIRED':
    case 'ORGANISATION_NOT_ALLOWED':
      return [
        {
          kind: 'NOT_ALLOWED',
          summary: refusal.message,
          hint: 'Ask your super user for the role, or your operator for the capability.',
        },
      ];
    default:
      return [{ kind: 'OTHER', summary: refusal.message, hint: 'See docs/error-codes.md for this code.' }];
  }
}
