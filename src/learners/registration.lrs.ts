import type { Role } from '../platform/auth/roles';
import { ERROR_CODES } from '../platform/error-codes';
import { isDomainError } from '../platform/errors';
import { objectOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { lrsCallContext } from '../soap/lrs-learner-service';
import type { CallContext } from '../platform/call-context';
import type { SoapOperation } from '../soap/soap-call';
import { DETAIL_FIELDS, type DetailsInput } from './learner-fields.rules';
import type { RegisterLearnerCommand, RegistrationService, UpdateLearnerCommand } from './registration.service';

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
    operation<RegisterLearnerCommand, string>('registerSingleLearner', 'RegisterLearner', REGISTERED, {
      read: (learner) => ({ details: detailsOf(learner) }),
      run: (command, context) => service.register(command, context),
      write: (answer) => leaf('ResponseCode', answer.code) + leaf('ULN', answer.value),
    }),
    operation<UpdateLearnerCommand, number>('updateSingleLearner', 'UpdateLearner', UPDATED, {
      read: (learner) => ({
        uln: textOf(learner, 'ULN'),
        versionNumber: Number(textOf(learner, 'VersionNumber')),
        details: detailsOf(learner),
      }),
      run: (command, context) => service.update(command, context),
      write: (answer) => leaf('ResponseCode', answer.code),
    }),
  ];
}

/** The use case's answer: the success code and its value, or the response code of a refusal. */
interface Answer<T> {
  code: string;
  value?: T;
}

/**
 * An operation on the request's Learner: `read` the command from it, `run` the use case, `write` the children
 * of `<element>Response`. A refusal with an LRS response code is answered, not a fault.
 */
function operation<Command, T>(
  name: string,
  element: string,
  success: string,
  steps: {
    read: (learner: XmlObject) => Command;
    run: (command: Command, context: CallContext) => Promise<T>;
    write: (answer: Answer<T>) => string;
  },
): SoapOperation<Command, Answer<T>> {
  return {
    name,
    requestElement: `{${LRS_REG_NS}}${element}`,
    soapAction: '',
    roles: REGISTRATION_ROLES,
    read: (payload) => steps.read(objectOf(payload, 'Learner')),
    handle: (command, call) => answered(success, () => steps.run(command, lrsCallContext(call))),
    write: (answer) => `<ns2:${element}Response xmlns:ns2="${LRS_REG_NS}">${steps.write(answer)}</ns2:${element}Response>`,
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

async function answered<T>(success: string, work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { code: success, value: await work() };
  } catch (error) {
    const code = lrsResponseCodeOf(error);
    if (code === undefined) throw error;
    return { code };
  }
}
