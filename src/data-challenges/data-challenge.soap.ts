import { inFormSent } from '../achievements/qualification-reference';
import { objectOf, optionalDateOf, optionalTextOf, textOf, type XmlObject, type XmlValue } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { AO_NS, aoCallContext, aoOperation } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import {
  CHALLENGE_WORKER_ROLES,
  type DataChallengeStatus,
  type DataChallengeType,
  type ProblemType,
} from './data-challenge.rules';
import type {
  DataChallengePage,
  DataChallengeService,
  ListDataChallengesQuery,
  RaiseDataChallengeCommand,
  UpdateDataChallengeCommand,
} from './data-challenge.service';
import type { DataChallengeDetail, DataChallengeSummary } from './data-challenge.store';

/**
 * The event data challenge operations of the AO gateway (guide section 6). LRB users raise
 * challenges; the assigned AO's QCF User and QCF Record Set User work them; the raising organisation
 * may list and read its own to see the outcome. The service scopes every read and change.
 */
export function dataChallengeOperations(service: DataChallengeService): SoapOperation[] {
  const readers: Role[] = [...CHALLENGE_WORKER_ROLES, 'LRB_USER', 'OPERATOR'];
  return [
    aoOperation('RaiseDataChallenge', ['LRB_USER', 'OPERATOR'], {
      read: (payload): RaiseDataChallengeCommand => {
        const achievement = objectOf(payload, 'Achievement');
        return {
          uln: textOf(achievement, 'ULN'),
          aimReference: textOf(achievement, 'AimReference'),
          awardDate: optionalDateOf(achievement, 'AwardDate') ?? '',
          type: textOf(payload, 'Type') as DataChallengeType,
          problemType: textOf(payload, 'ProblemType') as ProblemType,
          description: textOf(payload, 'Description'),
        };
      },
      handle: async (command, call) => {
        const raised = await service.raise(command, aoCallContext(call));
        // The aim reference in the form the raiser sent it; stored and compared in the 8-character form.
        const aimReference = inFormSent(command.aimReference, raised.achievement.aimReference);
        return { ...raised, achievement: { ...raised.achievement, aimReference } };
      },
      write: detailResponse('RaiseDataChallengeResponse'),
    }),
    aoOperation('ListDataChallenges', readers, {
      read: (payload): ListDataChallengesQuery => ({
        status: optionalTextOf(payload, 'Status') as DataChallengeStatus | undefined,
        page: optionalNumberOf(payload, 'Page'),
        pageSize: optionalNumberOf(payload, 'PageSize'),
      }),
      handle: (query, call) => service.list(query, aoCallContext(call)),
      write: listResponse,
    }),
    aoOperation('GetDataChallenge', readers, {
      read: (payload) => idOf(textOf(payload, 'Id')),
      handle: (id, call) => service.get(id, aoCallContext(call)),
      write: detailResponse('GetDataChallengeResponse'),
    }),
    aoOperation('SetDataChallengesInProgress', CHALLENGE_WORKER_ROLES, {
      read: (payload) => asList(payload.Id).map((id) => idOf(typeof id === 'string' ? id : '')),
      handle: (ids, call) => service.setInProgress(ids, aoCallContext(call)),
      write: (updated) =>
        `<ao:SetDataChallengesInProgressResponse xmlns:ao="${AO_NS}">` +
        updated.map((c) => renderSummary(c)).join('') +
        '</ao:SetDataChallengesInProgressResponse>',
    }),
    aoOperation('UpdateDataChallenge', CHALLENGE_WORKER_ROLES, {
      read: (payload): UpdateDataChallengeCommand => ({
        id: idOf(textOf(payload, 'Id')),
        status: textOf(payload, 'Status') as DataChallengeStatus,
        comment: optionalTextOf(payload, 'Comment'),
      }),
      handle: (command, call) => service.update(command, aoCallContext(call)),
      write: detailResponse('UpdateDataChallengeResponse'),
    }),
  ];
}

/** xs:long as the schema accepted it ("+7", "007"); an id beyond the safe range is simply not found. */
function idOf(text: string): number {
  return Number(text.trim());
}

function optionalNumberOf(payload: XmlObject, name: string): number | undefined {
  const text = optionalTextOf(payload, name);
  return text === undefined ? undefined : Number(text);
}

function asList(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function listResponse(page: DataChallengePage): string {
  return (
    `<ao:ListDataChallengesResponse xmlns:ao="${AO_NS}"><ao:DataChallengeList>` +
    page.items.map((c) => renderSummary(c)).join('') +
    leaf('ao:Page', page.page) +
    leaf('ao:PageSize', page.pageSize) +
    leaf('ao:TotalCount', page.total) +
    '</ao:DataChallengeList></ao:ListDataChallengesResponse>'
  );
}

function detailResponse(element: string): (challenge: DataChallengeDetail) => string {
  return (challenge) => `<ao:${element} xmlns:ao="${AO_NS}">${renderDetail(challenge)}</ao:${element}>`;
}

export function renderSummary(c: DataChallengeSummary): string {
  return (
    '<ao:DataChallenge>' +
    leaf('ao:Id', c.id) +
    leaf('ao:Status', c.status) +
    leaf('ao:Type', c.type) +
    leaf('ao:ProblemType', c.problemType) +
    leaf('ao:ULN', c.uln) +
    leaf('ao:AimReference', c.aimReference) +
    leaf('ao:AwardDate', c.awardDate) +
    leaf('ao:RaisedByOrganisationName', c.raisedByOrganisationName) +
    leaf('ao:RaisedAt', c.raisedAt.toISOString()) +
    '</ao:DataChallenge>'
  );
}

export function renderDetail(c: DataChallengeDetail): string {
  const a = c.achievement;
  const comments = c.comments
    .map(
      (comment) =>
        '<ao:Comment>' +
        leaf('ao:Text', comment.text) +
        leaf('ao:StatusSet', comment.statusSet) +
        leaf('ao:By', comment.by) +
        leaf('ao:OrganisationName', comment.organisationName) +
        leaf('ao:At', comment.at.toISOString()) +
        '</ao:Comment>',
    )
    .join('');
  const actions = c.actions
    .map(
      (action) =>
        '<ao:Action>' +
        leaf('ao:Action', action.action) +
        leaf('ao:ULN', action.uln) +
        leaf('ao:AimReference', action.aimReference) +
        leaf('ao:AwardDate', action.awardDate) +
        leaf('ao:ActionDate', action.actionDate) +
        leaf('ao:RecordedAt', action.recordedAt.toISOString()) +
        '</ao:Action>',
    )
    .join('');
  return (
    '<ao:DataChallenge>' +
    leaf('ao:Id', c.id) +
    leaf('ao:Status', c.status) +
    leaf('ao:Type', c.type) +
    leaf('ao:ProblemType', c.problemType) +
    leaf('ao:Description', c.description) +
    '<ao:Achievement>' +
    leaf('ao:ULN', a.uln) +
    leaf('ao:AimReference', a.aimReference) +
    leaf('ao:Title', a.title) +
    leaf('ao:AwardDate', a.awardDate) +
    leaf('ao:Grade', a.grade ?? undefined) +
    leaf('ao:Status', a.status) +
    '</ao:Achievement>' +
    '<ao:RaisedBy>' +
    leaf('ao:OrganisationUKPRN', c.raisedBy.organisation.ukprn) +
    leaf('ao:OrganisationName', c.raisedBy.organisation.name) +
    leaf('ao:Username', c.raisedBy.username) +
    leaf('ao:GivenName', c.raisedBy.givenName) +
    leaf('ao:FamilyName', c.raisedBy.familyName) +
    '</ao:RaisedBy>' +
    leaf('ao:RaisedAt', c.raisedAt.toISOString()) +
    '<ao:AssignedTo>' +
    leaf('ao:UKPRN', c.assignedTo.ukprn) +
    leaf('ao:Name', c.assignedTo.name) +
    '</ao:AssignedTo>' +
    comments +
    actions +
    '</ao:DataChallenge>'
  );
}
