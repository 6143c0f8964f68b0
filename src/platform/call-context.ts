import type { Principal } from './auth/accounts';
import type { Surface } from './audit/audit-trail';

/** Who is acting, through which surface, under which correlation id: passed to every use case. */
export interface CallContext {
  principal: Principal;
  correlationId: string;
  surface: Surface;
}
