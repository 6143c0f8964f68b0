import type { Role } from '../platform/auth/roles';
import { ERROR_CODES } from '../platform/error-codes';
import { isDomainError } from '../platform/errors';
import { objectOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { lrsCallContext } from '../soap/lrs-learner-service';
import type { AuthorisedCall, SoapOperation } from '../soap/soap-call';
import { DETAIL_FIELDS, type DetailsInput } from './learner-details.rules';
import type { RegistrationService } from './registration.service';

export const LRS_REG_NS = 'http://api.lrs.miap.gov.uk/regmsg';

/** Who may register and update learners (their organisation must also hold learner management, guide 1.4). */
export const REGISTRATION_ROLES: readonly Role[] = ['LRB_USER', 'AWARDING_BODY_USER'];

/** The answers of a call that went through: the learner registered (with the ULN issued), updated. */
export const REGISTERED = 'WSRC0005';
export const UPDATED = 'WSRC0006';

/**
 * LRS-compatible registerSingleLearner and updateSingleLearner (docs/contracts.md, "Registering
 * and updating learners"). A refusal the real service answers with a response code (WSRC0013,
 * WSRC0015, WSRC0019, WSRC0020, WSRC0021) is answered so; any other is a MIAPAPIException fault.
 */
export function lrsRegistrationOperations(service: RegistrationService): SoapOperation[] {
  return [
    operation('registerSingleLearner', 'RegisterLearner', async (learner, call) => {
      const answer = await answered(REGISTERED, () => service.register({ details: detailsOf(learner) }, lrsCallContext(call)));
      return leaf('ResponseCode', answer.code) + leaf('ULN', answer.value);
    }),
    operation('updateSingleLearner', 'UpdateLearner', async (learner, call) => {
      const command = {
        uln: textOf(learner, 'ULN'),
        versionNumber: Number(textOf(learner, 'VersionNumber')),
        details: detailsOf(learner),
      };
      const answer = await answered(UPDATED, () => service.update(command, lrsCallContext(call)));
      return leaf('ResponseCode', answer.code);
    }),
  ];
}

/** An operation on the request's Learner, answering the children of `<element>Response`. */
function operation(
  name: string,
  element: string,
  answer: (learner: XmlObject, call: AuthorisedCall) => Promise<string>,
): SoapOperation {
  return {
    name,
    requestElement: `{${LRS_REG_NS}}${element}`,
    soapAction: '',
    roles: REGISTRATION_ROLES,
    handle: async (call) =>
      `<ns2:${element}Response xmlns:ns2="${LRS_REG_NS}">${await answer(objectOf(call.payload, 'Learner'), call)}</ns2:${element}Response>`,
  };
}

/** A learner's details by field, as sent (absent, empty and nil alike undefined). */
export function detailsOf(learner: XmlObject): DetailsInput {
  return Object.fromEntries(DETAIL_FIELDS.map((field) => [field, optionalTextOf(learner, field)]));
}

/** The LRS response code a refusal is answered with, when the real service answers it so (a WSRC code). */
export function lrsResponseCodeOf(error: unknown): string | undefined {
  if (!isDomainError(error)) return undefined;
  const code = ERROR_CODES[error.code].lrs;
  return code.startsWith('WSRC') ? code : undefined;
}

async function answered<T>(success: string, work: () => Promise<T>): Promise<{ code: string; value?: T }> {
  try {
    return { code: success, value: await work() };
  } catch (error) {
    const code = lrsResponseCodeOf(error);
    if (code === undefined) throw error;
    return { code };
  }
}
