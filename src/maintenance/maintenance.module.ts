import type { FeatureModule, Platform } from '../feature-module';
import { maintenanceAdminRoutes } from './maintenance.admin';
import { MaintenanceSchedule } from './maintenance-schedule';

export interface MaintenanceModule extends FeatureModule {
  /** Asked by every front door, and by batch workers, which pause while a window is in force. */
  schedule: MaintenanceSchedule;
}

/** Maintenance windows: the operator's routes, and the schedule every other module asks. */
export function maintenanceModule({ db, audit, clock, config }: Platform): MaintenanceModule {
  const schedule = new MaintenanceSchedule(db, audit, clock, {
    cacheSeconds: config.maintenanceCacheSeconds,
    openEndedRetryAfterSeconds: config.maintenanceRetryAfterSeconds,
  });
  return { name: 'maintenance', schedule, adminRoutes: maintenanceAdminRoutes(schedule) };
}
