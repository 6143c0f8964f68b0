import type { Principal } from './auth/accounts';

/** The door a call came through: the audit trail and the request log name it. */
export type Surface = 'soap-ao' | 'soap-lrs' | 'admin' | 'cli' | 'batch' | 'system';

/** Who is acting, through which surface, under which correlation id: passed to every use case. */
export interface CallContext {
  principal: Principal;
  correlationId: string;
  surface: Surface;
}
