import { checkProhibitedText, type LearnerDataLists, type Problem } from './learner-data.rules';
import { checkLearnerDetails, DETAIL_FIELDS, type DetailField, type DetailsInput } from './learner-fields.rules';
import type { LearnerRecord } from './learner-record';
import { isValidUln } from './uln';

/**
 * One row of an LRB learner file (docs/contracts.md, "Learner files" headings, plus MasterULN for a linked
 * learner) checked against guide Appendix B and the MIAP field rules, giving the register
 * record or every problem found. The details are checked as a registration checks them
 * (learner-details.rules.ts); the file adds the ULN and the master ULN.
 */
export type RegisterRow = Record<string, string | undefined>;

export const REQUIRED_COLUMNS = ['ULN', 'GivenName', 'FamilyName', 'DateOfBirth', 'Gender', 'LastKnownPostCode'] as const;

/** The file's headings that spell a field otherwise than the SOAP contract does. */
const COLUMN_OF: Partial<Record<DetailField, string>> = {
  FamilyNameAtAge16: 'FamilyNameAt16',
  LastKnownAddressCountyOrCity: 'LastKnownAddressCountyorCity',
};
const FIELD_OF = new Map(Object.entries(COLUMN_OF).map(([field, column]) => [column, field]));

export function checkRegisterRow(
  row: RegisterRow,
  lists: LearnerDataLists,
  today: string,
): { record?: LearnerRecord; problems: Problem[] } {
  const value = (column: string) => {
    const v = row[column]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const input: DetailsInput = Object.fromEntries(DETAIL_FIELDS.map((field) => [field, row[COLUMN_OF[field] ?? field]]));
  const checked = checkLearnerDetails(input, lists, today, {
    required: ['GivenName', 'FamilyName', 'DateOfBirth', 'Gender', 'LastKnownPostCode'],
    abilityToShareWhenAbsent: 1,
  });
  const problems: Problem[] = [];
  const uln = value('ULN');
  if (uln === undefined) problems.push({ field: 'ULN', code: 'LEARNER_FIELD_INVALID', detail: 'ULN is required' });
  problems.push(...checked.problems.map((p) => ({ ...p, field: COLUMN_OF[p.field as DetailField] ?? p.field })));
  if (uln !== undefined && !isValidUln(uln)) {
    problems.push({ field: 'ULN', code: 'ULN_INVALID', detail: 'ULN is not a valid Unique Learner Number' });
  }
  const masterUln = value('MasterULN');
  if (masterUln !== undefined && (!isValidUln(masterUln) || masterUln === uln)) {
    problems.push({
      field: 'MasterULN',
      code: 'ULN_INVALID',
      detail: 'MasterULN must be a valid ULN other than the learner’s own',
    });
  }
  const otherColumns = Object.fromEntries(
    Object.entries(row).filter(([column]) => !(DETAIL_FIELDS as readonly string[]).includes(FIELD_OF.get(column) ?? column)),
  );
  problems.push(...checkProhibitedText(otherColumns, lists));

  if (problems.length > 0 || !uln || !checked.details) return { problems };
  return {
    record: {
      ...checked.details,
      uln,
      masterUln: masterUln ?? null,
      learnerStatus: 1,
      createdDate: today,
      lastUpdatedDate: today,
    },
    problems,
  };
}
