import { fail, ok, type Result } from '../platform/errors';

/**
 * ViewAudit: who read or changed a learner's Personal Learning Record, and when. The audit trail
 * entries that count, by the operation audited, with the words each is listed under; only calls
 * that did read or change the record (outcome OK) are listed.
 * docs/decisions/0081-reading-a-learners-record-and-its-audit.md
 */
export const PLR_ACCESS_ACTIONS: Readonly<Record<string, string>> = {
  GetLearnerLearningEvents: 'Learning record viewed',
  PerformCreditCheck: 'Credit check',
  CreateAchievement: 'Achievement created',
  UpdateAchievement: 'Achievement updated',
  WithdrawAchievement: 'Achievement withdrawn',
  ReinstateAchievement: 'Achievement reinstated',
  UpdateLearnerSubsetFields: 'Learner details updated',
};

/** Entries per ViewAudit page; the newest first (SortIndex 0: by date and time; SortOrder 1: descending). */
export const VIEW_AUDIT_PAGE_SIZE = 20;
export const VIEW_AUDIT_SORT = { index: 0, order: 1 } as const;

export interface AuditPage {
  pageIndex: number;
  offset: number;
  limit: number;
}

/** Pages are numbered from 1; a page past the last is empty. */
export function auditPage(page: number): Result<AuditPage> {
  if (!Number.isInteger(page) || page < 1) return fail('PARAMETER_INVALID', 'page is numbered from 1');
  return ok({ pageIndex: page, offset: (page - 1) * VIEW_AUDIT_PAGE_SIZE, limit: VIEW_AUDIT_PAGE_SIZE });
}

export function pageCount(totalItems: number): number {
  return Math.ceil(totalItems / VIEW_AUDIT_PAGE_SIZE);
}
