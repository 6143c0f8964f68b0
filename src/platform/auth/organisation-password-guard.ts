import type { OrganisationCredentials } from './accounts';

/**
 * Wrong web-services passwords of the LRS-compatible services: they are counted against the
 * caller's address and the organisation, never against the user the request names
 * (docs/decisions/0047-organisation-password-failures.md).
 */
export interface OrganisationPasswordGuard {
  /** Rejects with RATE_LIMITED while the address has spent its budget of wrong organisation passwords. */
  admit(address: string): Promise<void>;
  /** Counts a wrong organisation password; the organisation's super users hear of it once per window. */
  failed(organisation: OrganisationCredentials, address: string): Promise<void>;
}

/** No budget and no one told: for tools and tests that build an authenticator without the gateway around it. */
export const unguarded: OrganisationPasswordGuard = {
  admit: () => Promise.resolve(),
  failed: () => Promise.resolve(),
};
