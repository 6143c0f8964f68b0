import type { FeatureModule, Platform } from '../feature-module';
import { OfqualRegisterClient } from './ofqual/ofqual-register.client';
import { qualificationAdminRoutes } from './qualification.admin';
import { QualificationStore } from './qualification.store';
import { qualificationStructureRoutes } from './qualification-structure.admin';

export interface QualificationsModule extends FeatureModule {
  register: QualificationStore;
}

/** The qualification register: what achievements are awarded against, and the operator's routes that keep it. */
export function qualificationsModule({ db, audit, config }: Platform): QualificationsModule {
  const store = new QualificationStore(db);
  return {
    name: 'qualifications',
    register: store,
    adminRoutes: [
      ...qualificationAdminRoutes({
        db,
        store,
        audit,
        ofqual: () => new OfqualRegisterClient({ baseUrl: config.ofqualApiBase }),
      }),
      ...qualificationStructureRoutes({ db, store, audit }),
    ],
  };
}
