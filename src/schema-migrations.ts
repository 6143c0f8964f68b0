import { Foundation1764300000000 } from '../migrations/1764300000000-Foundation';
import { Achievements1764400000000 } from '../migrations/1764400000000-Achievements';
import { Outbox1764500000000 } from '../migrations/1764500000000-Outbox';
import { DataChallenges1764600000000 } from '../migrations/1764600000000-DataChallenges';
import { Batches1764800000000 } from '../migrations/1764800000000-Batches';
import { Users1764700000000 } from '../migrations/1764700000000-Users';
import { ClientCertificates1764900000000 } from '../migrations/1764900000000-ClientCertificates';
import { RateLimits1765000000000 } from '../migrations/1765000000000-RateLimits';
import { BatchJobParts1765070000000 } from '../migrations/1765070000000-BatchJobParts';
import { BatchQueueSignal1765060000000 } from '../migrations/1765060000000-BatchQueueSignal';
import { BatchContentClaims1765130000000 } from '../migrations/1765130000000-BatchContentClaims';
import { OrganisationRoles1765150000000 } from '../migrations/1765150000000-OrganisationRoles';
import { OrganisationStatus1765160000000 } from '../migrations/1765160000000-OrganisationStatus';
import { MaintenanceWindows1765161000000 } from '../migrations/1765161000000-MaintenanceWindows';
import { LastLogin1765162000000 } from '../migrations/1765162000000-LastLogin';
import { ChangeCounters1765170000000 } from '../migrations/1765170000000-ChangeCounters';
import { LearnerManagement1765180000000 } from '../migrations/1765180000000-LearnerManagement';
import { LearnerSearchKeys1765181000000 } from '../migrations/1765181000000-LearnerSearchKeys';
import { LearnerServiceR91765190000000 } from '../migrations/1765190000000-LearnerServiceR9';
import { ExchangeJournal1765200000000 } from '../migrations/1765200000000-ExchangeJournal';
import { FaultInjections1765201000000 } from '../migrations/1765201000000-FaultInjections';
import { SandboxSnapshots1765202000000 } from '../migrations/1765202000000-SandboxSnapshots';
import { LearnerRegistration1765210000000 } from '../migrations/1765210000000-LearnerRegistration';
import { ConsoleSessions1765250000000 } from '../migrations/1765250000000-ConsoleSessions';
import { BatchJobLanes1765300000000 } from '../migrations/1765300000000-BatchJobLanes';
import type { DataSourceParts } from './platform/data-source';

/**
 * Every migration, in one list, for the data source of the server, the CLI and the tests. The migrations are
 * the one description of the schema (docs/decisions/0094-one-way-to-the-database.md).
 */
export const DATA_SOURCE_PARTS: DataSourceParts = {
  migrations: [
    Foundation1764300000000,
    Achievements1764400000000,
    Outbox1764500000000,
    DataChallenges1764600000000,
    Users1764700000000,
    Batches1764800000000,
    ClientCertificates1764900000000,
    RateLimits1765000000000,
    BatchJobParts1765070000000,
    BatchQueueSignal1765060000000,
    BatchContentClaims1765130000000,
    OrganisationRoles1765150000000,
    OrganisationStatus1765160000000,
    MaintenanceWindows1765161000000,
    LastLogin1765162000000,
    ChangeCounters1765170000000,
    LearnerManagement1765180000000,
    LearnerSearchKeys1765181000000,
    LearnerServiceR91765190000000,
    ExchangeJournal1765200000000,
    FaultInjections1765201000000,
    SandboxSnapshots1765202000000,
    LearnerRegistration1765210000000,
    ConsoleSessions1765250000000,
    BatchJobLanes1765300000000,
  ],
};
