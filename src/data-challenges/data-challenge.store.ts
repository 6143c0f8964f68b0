import type { AchievementAction, AchievementStatus } from '../achievements/achievement.rules';
import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import {
  type DataChallengeStatus,
  type DataChallengeType,
  isOpen,
  type Paging,
  type ProblemType,
  UNASSIGNED_STATUSES,
  type Visibility,
} from './data-challenge.rules';

export interface OrganisationRef {
  id: number;
  ukprn: string;
  name: string;
}

export interface DataChallengeSummary {
  id: number;
  status: DataChallengeStatus;
  type: DataChallengeType;
  problemType: ProblemType;
  uln: string;
  aimReference: string;
  awardDate: string;
  raisedByOrganisationName: string;
  raisedAt: Date;
}

export interface ChallengeComment {
  text: string;
  statusSet: DataChallengeStatus;
  by: string;
  organisationName: string;
  at: Date;
}

export interface ChallengeAction {
  action: AchievementAction;
  uln: string;
  aimReference: string;
  awardDate: string;
  actionDate: string;
  recordedAt: Date;
}

/** A challenge in full (the contract's DataChallenge), with what the service decides on. */
export interface DataChallengeDetail extends DataChallengeSummary {
  version: number;
  description: string;
  achievementId: number;
  assignedOrganisationId: number;
  raisedByOrganisationId: number;
  achievement: {
    uln: string;
    aimReference: string;
    title: string;
    awardDate: string;
    grade: string | null;
    status: AchievementStatus;
  };
  raisedBy: { organisation: OrganisationRef; username: string; givenName: string; familyName: string };
  assignedTo: OrganisationRef & { edcResolverEmail: string | null };
  updatedAt: Date;
  resolvedAt: Date | null;
  comments: ChallengeComment[];
  actions: ChallengeAction[];
}

export interface NewDataChallenge {
  achievementId: number;
  status: DataChallengeStatus;
  type: DataChallengeType;
  problemType: ProblemType;
  description: string;
  raisedByOrganisationId: number;
  raisedByUserId: number;
  raisedByUsername: string;
  assignedOrganisationId: number;
  raisedAt: Date;
}

export interface NewComment {
  dataChallengeId: number;
  text: string;
  statusSet: DataChallengeStatus;
  organisationId: number;
  userId: number;
  username: string;
  occurredAt: Date;
}

interface DetailRow {
  id: number;
  version: number;
  status: DataChallengeStatus;
  type: DataChallengeType;
  problem_type: ProblemType;
  description: string;
  achievement_id: number;
  raised_at: string | Date;
  updated_at: string | Date;
  resolved_at: string | Date | null;
  raised_by_organisation_id: number;
  raised_by_username: string;
  assigned_organisation_id: number;
  uln: string;
  aim_reference: string;
  award_date: string;
  grade: string | null;
  achievement_status: AchievementStatus;
  title: string;
  raised_by_ukprn: string;
  raised_by_name: string;
  raised_by_given_name: string | null;
  raised_by_family_name: string | null;
  assigned_ukprn: string;
  assigned_name: string;
  resolver_email: string | null;
}

const FROM = `FROM data_challenges dc
  JOIN achievements a ON a.id = dc.achievement_id
  JOIN organisations ro ON ro.id = dc.raised_by_organisation_id`;

const DETAIL = `SELECT dc.id, dc.version, dc.status, dc.type, dc.problem_type, dc.description, dc.achievement_id, dc.raised_at,
    dc.updated_at, dc.resolved_at, dc.raised_by_organisation_id, dc.raised_by_username, dc.assigned_organisation_id,
    a.uln, a.aim_reference, a.award_date, a.grade, a.status AS achievement_status, q.title,
    ro.ukprn AS raised_by_ukprn, ro.name AS raised_by_name,
    u.given_name AS raised_by_given_name, u.family_name AS raised_by_family_name,
    asg.ukprn AS assigned_ukprn, asg.name AS assigned_name, asg.edc_resolver_email AS resolver_email
  ${FROM}
  JOIN qualifications q ON q.id = a.qualification_id
  JOIN organisations asg ON asg.id = dc.assigned_organisation_id
  LEFT JOIN users u ON u.id = dc.raised_by_user_id`;

const SUMMARY = `SELECT dc.id, dc.status, dc.type, dc.problem_type, a.uln, a.aim_reference, a.award_date,
    ro.name AS raised_by_name, dc.raised_at ${FROM}`;

/** Reads and writes of data challenges and their history; each joins the transaction in progress, if any. */
export class DataChallengeStore {
  constructor(private readonly db: Database) {}

  async findById(id: number): Promise<DataChallengeDetail | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const rows = await this.db.query<DetailRow[]>(`${DETAIL} WHERE dc.id = ?`, [id]);
    const row = rows[0];
    if (!row) return undefined;
    const [comments, actions] = [await this.commentsOf(id), await this.actionsOf(id)];
    return { ...toDetail(row), comments, actions };
  }

  /** Where a challenge stands and whom it is assigned to: what an action naming it is checked against (guide 6.2). */
  async standing(id: number): Promise<{ status: DataChallengeStatus; assignedOrganisationId: number } | undefined> {
    const rows = await this.db.query<{ status: DataChallengeStatus; assigned_organisation_id: number }[]>(
      'SELECT status, assigned_organisation_id FROM data_challenges WHERE id = ?',
      [Number.isSafeInteger(id) ? id : 0],
    );
    return rows[0] && { status: rows[0].status, assignedOrganisationId: Number(rows[0].assigned_organisation_id) };
  }

  /** The open challenge of an achievement, if there is one. */
  async openOnAchievement(achievementId: number): Promise<number | undefined> {
    const rows = await this.db.query<{ id: number }[]>('SELECT id FROM data_challenges WHERE open_achievement_id = ?', [
      achievementId,
    ]);
    return rows[0]?.id;
  }

  /** The challenges awaiting the operators' triage, oldest first, with the total (guide 6.1). */
  async awaitingTriage(paging: Paging): Promise<{ items: DataChallengeDetail[]; total: number }> {
    const where = "WHERE dc.status = 'AWAITING_TRIAGE'";
    const counted = await this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n ${FROM} ${where}`);
    const rows = await this.db.query<DetailRow[]>(
      `${DETAIL} ${where} ORDER BY dc.raised_at, dc.id LIMIT ${paging.pageSize} OFFSET ${paging.offset}`,
    );
    return { items: rows.map((row) => ({ ...toDetail(row), comments: [], actions: [] })), total: Number(counted[0]?.n ?? 0) };
  }

  async list(
    visibility: Visibility,
    status: DataChallengeStatus,
    paging: Paging,
  ): Promise<{ items: DataChallengeSummary[]; total: number }> {
    const scopes: string[] = [];
    const parameters: unknown[] = [];
    if (visibility.assignedTo !== undefined) {
      // An AO sees a challenge only once the LRS has assigned it.
      scopes.push(`(dc.assigned_organisation_id = ? AND dc.status NOT IN (${UNASSIGNED_STATUSES.map(() => '?').join(', ')}))`);
      parameters.push(visibility.assignedTo, ...UNASSIGNED_STATUSES);
    }
    if (visibility.raisedBy !== undefined) {
      scopes.push('dc.raised_by_organisation_id = ?');
      parameters.push(visibility.raisedBy);
    }
    if (scopes.length === 0) return { items: [], total: 0 };
    const where = `WHERE (${scopes.join(' OR ')}) AND dc.status = ?`;
    parameters.push(status);
    const counted = await this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n ${FROM} ${where}`, parameters);
    const rows = await this.db.query<SummaryRow[]>(
      `${SUMMARY} ${where} ORDER BY dc.raised_at, dc.id LIMIT ${paging.pageSize} OFFSET ${paging.offset}`,
      parameters,
    );
    return { items: rows.map(toSummary), total: Number(counted[0]?.n ?? 0) };
  }

  /** Every open challenge, grouped by the awarding organisation it is assigned to (the monthly report). */
  async openByAssignedOrganisation(): Promise<DataChallengeDetail[]> {
    const rows = await this.db.query<DetailRow[]>(
      `${DETAIL} WHERE dc.status IN ('NEW', 'IN_PROGRESS') ORDER BY asg.ukprn, dc.raised_at, dc.id`,
    );
    return rows.map((row) => ({ ...toDetail(row), comments: [], actions: [] }));
  }

  async insert(c: NewDataChallenge): Promise<number> {
    const at = sqlDateTime(c.raisedAt);
    return this.db.insert(
      `INSERT INTO data_challenges (achievement_id, open_achievement_id, type, problem_type, description, status,
         raised_by_organisation_id, raised_by_user_id, raised_by_username, assigned_organisation_id,
         raised_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      [
        c.achievementId,
        c.achievementId,
        c.type,
        c.problemType,
        c.description,
        c.status,
        c.raisedByOrganisationId,
        c.raisedByUserId,
        c.raisedByUsername,
        c.assignedOrganisationId,
        at,
        at,
      ],
    );
  }

  /**
   * Sets the status (and, in triage, the AO it is assigned to) if nobody changed the challenge
   * since it was read; false when somebody did.
   */
  async setStatusIfUnchanged(
    held: Pick<DataChallengeDetail, 'id' | 'version' | 'achievementId' | 'assignedOrganisationId'>,
    status: DataChallengeStatus,
    at: Date,
    assignedOrganisationId = held.assignedOrganisationId,
  ): Promise<boolean> {
    const open = isOpen(status);
    const result = await this.db.run(
      `UPDATE data_challenges SET status = ?, assigned_organisation_id = ?, open_achievement_id = ?, updated_at = ?,
         resolved_at = ?, version = ? WHERE id = ? AND version = ?`,
      [
        status,
        assignedOrganisationId,
        open ? held.achievementId : null,
        sqlDateTime(at),
        open ? null : sqlDateTime(at),
        held.version + 1,
        held.id,
        held.version,
      ],
    );
    return result.affected === 1;
  }

  async addComment(c: NewComment): Promise<void> {
    await this.db.run(
      `INSERT INTO data_challenge_comments (data_challenge_id, text, status_set, organisation_id, user_id, username, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [c.dataChallengeId, c.text, c.statusSet, c.organisationId, c.userId, c.username.slice(0, 35), sqlDateTime(c.occurredAt)],
    );
  }

  /** An organisation an operator names in triage, by UKPRN, with its kind. */
  async organisationByUkprn(ukprn: string): Promise<{ id: number; kind: string } | undefined> {
    const rows = await this.db.query<{ id: number; kind: string }[]>('SELECT id, kind FROM organisations WHERE ukprn = ?', [
      ukprn,
    ]);
    return rows[0] && { id: Number(rows[0].id), kind: rows[0].kind };
  }

  /** An organisation as a challenge names it, with its nominated EDC resolver address (guide 6.1). */
  async organisation(id: number): Promise<(OrganisationRef & { edcResolverEmail: string | null }) | undefined> {
    const rows = await this.db.query<{ id: number; ukprn: string; name: string; edc_resolver_email: string | null }[]>(
      'SELECT id, ukprn, name, edc_resolver_email FROM organisations WHERE id = ?',
      [id],
    );
    const row = rows[0];
    return row && { id: row.id, ukprn: row.ukprn, name: row.name, edcResolverEmail: row.edc_resolver_email };
  }

  /** Whether a mail with this dedupe key (a month's report to an AO) was queued already, sent or not. */
  async mailQueued(dedupeKey: string): Promise<boolean> {
    const rows = await this.db.query<{ id: number }[]>('SELECT id FROM outbox_messages WHERE dedupe_key = ?', [dedupeKey]);
    return rows.length > 0;
  }

  private async commentsOf(id: number): Promise<ChallengeComment[]> {
    const rows = await this.db.query<
      {
        text: string;
        status_set: DataChallengeStatus;
        username: string;
        organisation_name: string;
        occurred_at: string | Date;
      }[]
    >(
      `SELECT c.text, c.status_set, c.username, o.name AS organisation_name, c.occurred_at
         FROM data_challenge_comments c JOIN organisations o ON o.id = c.organisation_id
        WHERE c.data_challenge_id = ? ORDER BY c.id`,
      [id],
    );
    return rows.map((r) => ({
      text: r.text,
      statusSet: r.status_set,
      by: r.username,
      organisationName: r.organisation_name,
      at: dateFromSql(r.occurred_at),
    }));
  }

  /** The actions on achievements taken under this challenge (the DataChallengeId sent with them). */
  private async actionsOf(id: number): Promise<ChallengeAction[]> {
    const rows = await this.db.query<
      {
        action: AchievementAction;
        uln: string;
        aim_reference: string;
        award_date: string;
        action_date: string;
        occurred_at: string | Date;
      }[]
    >(
      `SELECT e.action, a.uln, a.aim_reference, a.award_date, e.action_date, e.occurred_at
         FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id
        WHERE e.data_challenge_id = ? ORDER BY e.id`,
      [id],
    );
    return rows.map((r) => ({
      action: r.action,
      uln: r.uln,
      aimReference: r.aim_reference,
      awardDate: r.award_date,
      actionDate: r.action_date,
      recordedAt: dateFromSql(r.occurred_at),
    }));
  }
}

interface SummaryRow {
  id: number;
  status: DataChallengeStatus;
  type: DataChallengeType;
  problem_type: ProblemType;
  uln: string;
  aim_reference: string;
  award_date: string;
  raised_by_name: string;
  raised_at: string | Date;
}

function toSummary(row: SummaryRow): DataChallengeSummary {
  return {
    id: Number(row.id),
    status: row.status,
    type: row.type,
    problemType: row.problem_type,
    uln: row.uln,
    aimReference: row.aim_reference,
    awardDate: row.award_date,
    raisedByOrganisationName: row.raised_by_name,
    raisedAt: dateFromSql(row.raised_at),
  };
}

function toDetail(row: DetailRow): Omit<DataChallengeDetail, 'comments' | 'actions'> {
  return {
    ...toSummary(row),
    version: Number(row.version),
    description: row.description,
    achievementId: Number(row.achievement_id),
    assignedOrganisationId: Number(row.assigned_organisation_id),
    raisedByOrganisationId: Number(row.raised_by_organisation_id),
    achievement: {
      uln: row.uln,
      aimReference: row.aim_reference,
      title: row.title,
      awardDate: row.award_date,
      grade: row.grade,
      status: row.achievement_status,
    },
    raisedBy: {
      organisation: { id: Number(row.raised_by_organisation_id), ukprn: row.raised_by_ukprn, name: row.raised_by_name },
      username: row.raised_by_username,
      givenName: row.raised_by_given_name ?? '',
      familyName: row.raised_by_family_name ?? '',
    },
    assignedTo: {
      id: Number(row.assigned_organisation_id),
      ukprn: row.assigned_ukprn,
      name: row.assigned_name,
      edcResolverEmail: row.resolver_email,
    },
    updatedAt: dateFromSql(row.updated_at),
    resolvedAt: row.resolved_at === null ? null : dateFromSql(row.resolved_at),
  };
}
