import { DomainError } from '../platform/errors';

/**
 * A refusal that HTTP authentication can answer: sent with 401 and a WWW-Authenticate
 * challenge (RFC 9110, 11.6.1) as well as the fault. .NET's and Java's HTTP stacks send
 * configured credentials only in answer to a challenge, so without it a vendor who set
 * Credentials on a generated proxy never authenticates.
 */
export class HttpChallenge extends DomainError {
  constructor(
    readonly wwwAuthenticate: string,
    ...args: ConstructorParameters<typeof DomainError>
  ) {
    super(...args);
  }
}

export function challengeOf(error: unknown): string | undefined {
  return error instanceof HttpChallenge ? error.wwwAuthenticate : undefined;
}
