import type { AdminRoute } from '../admin/admin-route';
import type { MaintenanceSchedule } from './maintenance-schedule';

const OPERATOR = ['OPERATOR'] as const;

/** The operator's calls that close the service for maintenance and open it again. */
export function maintenanceAdminRoutes(schedule: MaintenanceSchedule): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/maintenance',
      summary: 'The maintenance windows in force or to come, and which one is in force',
      tag: 'Maintenance',
      roles: OPERATOR,
      responseSchema: 'admin/maintenance/schedule',
      handle: () => schedule.list(),
    },
    {
      method: 'post',
      path: '/maintenance/windows',
      summary:
        'Schedule a maintenance window, or switch one on now (no startsAt) until switched off (no endsAt): the service answers WSEC0004 meanwhile',
      tag: 'Maintenance',
      roles: OPERATOR,
      requestSchema: 'admin/maintenance/window.request',
      responseSchema: 'admin/maintenance/window',
      status: 201,
      handle: ({ body, context }) => schedule.schedule(context, body as { startsAt?: string; endsAt?: string; reason: string }),
    },
    {
      method: 'delete',
      path: '/maintenance/windows/:id',
      summary: 'Cancel a maintenance window that has not started',
      tag: 'Maintenance',
      roles: OPERATOR,
      responseSchema: 'admin/maintenance/schedule',
      handle: ({ params, context }) => schedule.cancel(context, Number.parseInt(params.id, 10) || 0),
    },
    {
      method: 'post',
      path: '/maintenance/switch-off',
      summary: 'End the maintenance window in force now: the service opens again',
      tag: 'Maintenance',
      roles: OPERATOR,
      responseSchema: 'admin/maintenance/schedule',
      handle: ({ context }) => schedule.switchOff(context),
    },
  ];
}
