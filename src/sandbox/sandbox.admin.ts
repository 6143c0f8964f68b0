import type { AdminRoute } from '../admin/admin-route';
import type { Role } from '../platform/auth/roles';
import { DomainError } from '../platform/errors';
import type { SandboxService } from './sandbox.service';
import type { SnapshotSummary } from './sandbox.store';

const SANDBOX_USERS: readonly Role[] = ['DEVELOPER', 'LRB_SUPER_USER'];
const TAG = 'Sandbox';
const SNAPSHOT_NAME = /^[A-Za-z0-9._-]{1,60}$/;

const view = (snapshot: SnapshotSummary) => ({ ...snapshot, createdAt: snapshot.createdAt.toISOString() });

function nameOf(params: Record<string, string>): string {
  if (!SNAPSHOT_NAME.test(params.name)) {
    throw new DomainError('REQUEST_INVALID', 'A snapshot name is 1 to 60 letters, digits, dots, dashes or underscores');
  }
  return params.name;
}

/** Reset and snapshots of the caller's own organisation (docs/decisions/0091-sandbox-reset-and-snapshots.md). */
export function sandboxAdminRoutes(sandbox: SandboxService): AdminRoute[] {
  return [
    {
      method: 'post',
      path: '/sandbox/reset',
      summary:
        "Reset your organisation's sandbox to the compatibility baseline: its achievements, data challenges, batch jobs, journal and fault injections go; no other organisation's data is touched",
      tag: TAG,
      roles: SANDBOX_USERS,
      responseSchema: 'admin/sandbox/reset',
      handle: ({ context }) => sandbox.reset(context),
    },
    {
      method: 'get',
      path: '/sandbox/snapshots',
      summary: "Your organisation's named snapshots",
      tag: TAG,
      roles: SANDBOX_USERS,
      responseSchema: 'admin/sandbox/snapshots',
      handle: async ({ context }) => ({ snapshots: (await sandbox.list(context)).map(view) }),
    },
    {
      method: 'put',
      path: '/sandbox/snapshots/:name',
      summary:
        "Save your organisation's records (achievements and data challenges) under a name, replacing a snapshot of that name",
      tag: TAG,
      roles: SANDBOX_USERS,
      responseSchema: 'admin/sandbox/snapshot',
      handle: async ({ context, params }) => view(await sandbox.save(context, nameOf(params))),
    },
    {
      method: 'post',
      path: '/sandbox/snapshots/:name/restore',
      summary: "Put your organisation's records back as the snapshot holds them",
      tag: TAG,
      roles: SANDBOX_USERS,
      responseSchema: 'admin/sandbox/reset',
      handle: ({ context, params }) => sandbox.restore(context, nameOf(params)),
    },
    {
      method: 'delete',
      path: '/sandbox/snapshots/:name',
      summary: 'Delete a snapshot of your organisation',
      tag: TAG,
      roles: SANDBOX_USERS,
      responseSchema: 'admin/sandbox/snapshot',
      handle: async ({ context, params }) => view(await sandbox.remove(context, nameOf(params))),
    },
  ];
}
