import { BATCH_LEARNER_FIELDS } from '../learners/learner-fields.rules';

/**
 * The batch file layouts (docs/batches.md, "File formats"): the columns of each kind of batch, in order,
 * as CSV headings and as XML element names, and what the output adds.
 */
export const BATCH_TYPES = ['VERIFY_LEARNER', 'ACHIEVEMENT', 'LEARNER_REGISTRATION'] as const;
export type BatchType = (typeof BATCH_TYPES)[number];
export type BatchFormat = 'CSV' | 'XML';

export interface BatchLayout {
  type: BatchType;
  /** Input columns, in order; the required ones are checked per row by its JSON Schema. */
  columns: readonly string[];
  /** What the output adds after the input columns. */
  resultColumns: readonly string[];
  /** XML: the document element of an input file and of an output file, and of each record. */
  xmlRoot: string;
  xmlOutputRoot: string;
  xmlRecord: string;
  /** JSON Schema (schemas/) of one row. */
  rowSchema: string;
}

export const BATCH_XML_NS = 'urn:lrs-gateway:batch:1';

export const VERIFY_LAYOUT: BatchLayout = {
  type: 'VERIFY_LEARNER',
  columns: ['MISIdentifier', 'ULN', 'FamilyName', 'GivenName', 'DateOfBirth', 'Gender'],
  resultColumns: [
    'ResponseCode',
    'HeldULN',
    'HeldFamilyName',
    'HeldGivenName',
    'HeldDateOfBirth',
    'HeldGender',
    'FailureFlags',
    'ErrorCode',
    'ErrorMessage',
  ],
  xmlRoot: 'VerifyLearnerBatch',
  xmlOutputRoot: 'VerifyLearnerBatchOutput',
  xmlRecord: 'Learner',
  rowSchema: 'batches/verify-learner-row',
};

/** The fields of the real Achievement record (docs/contracts.md, "Achievement upload"), in the order of the batch file. */
export const ACHIEVEMENT_LAYOUT: BatchLayout = {
  type: 'ACHIEVEMENT',
  columns: [
    'Action',
    'Uln',
    'GivenName',
    'FamilyName',
    'DateofBirth',
    'Gender',
    'LearnerPostcode',
    'UnitOrQualificationReferenceNumber',
    'AchievementAwardDate',
    'Grade',
    'LanguageForAssessment',
    'ProviderUkprn',
    'ActionDate',
    'ActionReason',
    'MisIdentifier',
  ],
  resultColumns: ['ResultCode', 'ResultMessage'],
  xmlRoot: 'AchievementBatch',
  xmlOutputRoot: 'AchievementBatchOutput',
  xmlRecord: 'Achievement',
  rowSchema: 'batches/achievement-row',
};

/**
 * A learner-registration batch: the job type (FUL registers and updates, CHK only checks; FUL
 * when empty), then the fields of the LRS BatchLearner in its order (docs/decisions/0086-batch-registration.md).
 */
export const LEARNER_REGISTRATION_LAYOUT: BatchLayout = {
  type: 'LEARNER_REGISTRATION',
  columns: ['JobType', 'ULN', 'MISIdentifier', ...BATCH_LEARNER_FIELDS],
  resultColumns: ['ReturnCode', 'ResultULN', 'ErrorCode', 'ErrorMessage'],
  xmlRoot: 'LearnerRegistrationBatch',
  xmlOutputRoot: 'LearnerRegistrationBatchOutput',
  xmlRecord: 'Learner',
  rowSchema: 'batches/learner-registration-row',
};

const LAYOUTS: Record<BatchType, BatchLayout> = {
  VERIFY_LEARNER: VERIFY_LAYOUT,
  ACHIEVEMENT: ACHIEVEMENT_LAYOUT,
  LEARNER_REGISTRATION: LEARNER_REGISTRATION_LAYOUT,
};

export function layoutOf(type: BatchType): BatchLayout {
  return LAYOUTS[type];
}

/**
 * The Action integers of batch files and of the ExternalService. Ours: the real codes are not
 * published. docs/decisions/0058-batch-values-that-are-ours.md
 */
export const ACTION_CODES = { 1: 'CREATE', 2: 'UPDATE', 3: 'WITHDRAW', 4: 'REINSTATE' } as const;
