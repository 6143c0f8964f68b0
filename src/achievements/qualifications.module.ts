import type { FeatureModule, Platform } from '../feature-module';
import { OfqualRegisterClient } from './ofqual/ofqual-register.client';
import { qualificationAdminRoutes } from './qualification.admin';
import { QualificationRegister } from './qualification-register';
import { qualificationStructureRoutes } from './qualification-structure.admin';

export interface QualificationsModule extends FeatureModule {
  register: QualificationRegister;
}

/** The qualification register: what achievements are awarded against, and the operator's routes that keep it. */
export function qualificationsModule({ db, audit, config }: Platform): QualificationsModule {
  return {
    name: 'qualifications',
    register: new QualificationRegister(db),
    adminRoutes: [
      ...qualificationAdminRoutes({ db, audit, ofqual: () => new OfqualRegisterClient({ baseUrl: config.ofqualApiBase }) }),
      ...qualificationStructureRoutes({ db, audit }),
    ],
  };
}
