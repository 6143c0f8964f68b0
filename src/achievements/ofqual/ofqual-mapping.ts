import { isCalendarDate } from '../../learners/dates';
import type { QualificationRecord } from '../qualification-register';
import { parseAimReference, referenceKind } from '../qualification-reference';
import type { OfqualQualification } from './ofqual-register.client';

/**
 * Ofqual Register records, from the API (docs/achievements.md, "The Ofqual Register") or the CSV download, as the
 * qualification register holds them. Pure: a record either maps or is skipped with a reason.
 */
export interface SkippedRecord {
  /** The qualification number as the source gave it. */
  number: string;
  reason: string;
  /** The CSV line, for a file. */
  line?: number;
}

export type Mapped = { ok: true; record: QualificationRecord } | { ok: false; skipped: SkippedRecord };
export type DateOrder = 'day-first' | 'month-first';
export type CsvRow = Record<string, string | undefined>;

/** The headings of the download this import reads (docs/achievements.md, "The Ofqual Register"); a file lacking one is refused. */
export const CSV_COLUMNS = {
  number: 'Qualification Number',
  title: 'Qualification Title',
  ownerRecognitionNumber: 'Owner Organisation Recognition Number',
  ownerName: 'Owner Organisation Name',
  level: 'Qualification Level',
  type: 'Qualification Type',
  totalCredits: 'Total Credits',
  status: 'Qualification Status',
  operationalStartDate: 'Operational Start Date',
  operationalEndDate: 'Operational End Date',
  certificationEndDate: 'Certification End Date',
  gradingType: 'Overall Grading Type',
  gradingScale: 'Grading Scale',
} as const;

export const CSV_DATE_COLUMNS = [
  'Regulation Start Date',
  'Operational Start Date',
  'Operational End Date',
  'Certification End Date',
];

interface RegisterFields {
  numbers: unknown[];
  title: unknown;
  ownerRecognitionNumber: unknown;
  ownerName: unknown;
  type: unknown;
  level: unknown;
  gradingType: unknown;
  gradingScale: unknown;
  totalCredits: unknown;
  status: unknown;
  operationalStartDate: unknown;
  operationalEndDate: unknown;
  certificationEndDate: unknown;
}

export function fromApiRecord(api: OfqualQualification): Mapped {
  return toRecord(
    {
      numbers: [api.qualificationNumberNoObliques, api.qualificationNumber],
      title: api.title,
      ownerRecognitionNumber: api.organisationRecognitionNumber,
      ownerName: api.organisationName,
      type: api.type,
      level: api.level,
      gradingType: api.gradingType,
      gradingScale: api.gradingScale,
      totalCredits: api.totalCredits,
      status: api.status,
      operationalStartDate: api.operationalStartDate,
      operationalEndDate: api.operationalEndDate,
      certificationEndDate: api.certificationEndDate,
    },
    parseApiDate,
    'OFQUAL_API',
  );
}

export function fromCsvRow(row: CsvRow, dateOrder: DateOrder): Mapped {
  const fields = Object.fromEntries(Object.entries(CSV_COLUMNS).map(([field, column]) => [field, row[column]]));
  return toRecord(
    { ...(fields as Omit<RegisterFields, 'numbers'>), numbers: [row[CSV_COLUMNS.number]] },
    (raw) => parseCsvDate(raw, dateOrder),
    'OFQUAL_CSV',
  );
}

/**
 * The headings of a Qualifications Wales (QiW) export that this import reads, as this gateway
 * defines them (docs/decisions/0062-qualification-register.md): QiW publishes no API and no
 * format description, so the mapping is ours, and a file lacking a heading is refused.
 */
export const QIW_CSV_COLUMNS = {
  number: 'Qualification Number',
  title: 'Qualification Title',
  awardingBody: 'Awarding Body',
  level: 'Level',
  type: 'Qualification Type',
  totalCredits: 'Total Credits',
  status: 'Status',
  operationalStartDate: 'Effective From',
  operationalEndDate: 'Effective To',
  certificationEndDate: 'Last Certification Date',
  gradingScale: 'Grading Scale',
} as const;

export const QIW_DATE_COLUMNS = ['Effective From', 'Effective To', 'Last Certification Date'];

/** An awarding organisation registered here, as a QiW row names it (by name). */
export interface RegisteredOwner {
  recognitionNumber: string;
  name: string;
}

/** How a name is compared: case and runs of spaces do not count. */
export function ownerKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A QiW row: QiW names the awarding body, not its Ofqual recognition number, so the owner is the
 * awarding organisation registered here under that name; with none, the record has no owner and
 * only the AOs it is shared with may award it (guide 5.1, as for any record).
 */
export function fromQiwRow(row: CsvRow, dateOrder: DateOrder, owners: ReadonlyMap<string, RegisteredOwner>): Mapped {
  const column = (field: keyof typeof QIW_CSV_COLUMNS) => row[QIW_CSV_COLUMNS[field]];
  const body = text(column('awardingBody'));
  const owner = body === null ? undefined : owners.get(ownerKey(body));
  return toRecord(
    {
      numbers: [column('number')],
      title: column('title'),
      ownerRecognitionNumber: owner?.recognitionNumber ?? null,
      ownerName: owner?.name ?? body,
      type: column('type'),
      level: column('level'),
      gradingType: null,
      gradingScale: column('gradingScale'),
      totalCredits: column('totalCredits'),
      status: column('status'),
      operationalStartDate: column('operationalStartDate'),
      operationalEndDate: column('operationalEndDate'),
      certificationEndDate: column('certificationEndDate'),
    },
    (raw) => parseCsvDate(raw, dateOrder),
    'QIW_CSV',
  );
}

function toRecord(
  fields: RegisterFields,
  parseDate: (raw: string) => string | undefined,
  source: QualificationRecord['source'],
): Mapped {
  const numbers = fields.numbers.map(text).filter((n): n is string => n !== null);
  const skip = (reason: string): Mapped => ({ ok: false, skipped: { number: numbers.at(-1) ?? '(none)', reason } });
  const reference = numbers.map(qualificationReference).find((r) => r !== undefined);
  if (!reference) return skip('the qualification number is not NNN/NNNN/C or its 8-character form');
  const title = text(fields.title);
  if (!title) return skip('the qualification has no title');
  const start = text(fields.operationalStartDate);
  if (!start) return skip('the qualification has no operational start date');
  const dates: Record<string, string | null> = {};
  for (const name of ['operationalStartDate', 'operationalEndDate', 'certificationEndDate'] as const) {
    const raw = text(fields[name]);
    const date = raw === null ? null : parseDate(raw);
    if (date === undefined) return skip(`${name} "${raw}" is not a date`);
    dates[name] = date;
  }
  const credits = wholeNumber(fields.totalCredits);
  if (credits === undefined) return skip(`totalCredits "${String(fields.totalCredits)}" is not a whole number`);
  const gradingScale = text(fields.gradingScale);
  return {
    ok: true,
    record: {
      reference,
      kind: 'QUALIFICATION',
      title: clipped(title, 400),
      qualificationType: clipped(text(fields.type), 120),
      level: clipped(text(fields.level), 60),
      ownerRecognitionNumber: recognitionNumber(text(fields.ownerRecognitionNumber)),
      ownerName: clipped(text(fields.ownerName), 200),
      operationalStartDate: dates.operationalStartDate as string,
      operationalEndDate: dates.operationalEndDate,
      certificationEndDate: dates.certificationEndDate,
      gradingType: clipped(text(fields.gradingType), 120),
      gradingScale: clipped(gradingScale, 200),
      grades: gradesOfScale(gradingScale),
      creditValue: credits,
      status: clipped(text(fields.status), 60),
      source,
    },
  };
}

/** docs/achievements.md, "The Ofqual Register": a qualification number in either form; a unit reference is not one. */
function qualificationReference(raw: string): string | undefined {
  const parsed = parseAimReference(raw);
  return parsed.ok && referenceKind(parsed.value) === 'QUALIFICATION' ? parsed.value : undefined;
}

/** The owner's recognition number as organisations hold it: RN5196 (the API accepts "5196" and "rn5196"). */
export function recognitionNumber(raw: string | null): string | null {
  const value = raw?.replace(/\s+/g, '').toUpperCase() ?? '';
  const match = /^(?:RN)?(\d{1,10})$/.exec(value);
  return match ? `RN${match[1]}` : null;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function wholeNumber(value: unknown): number | null | undefined {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

/** Longer descriptions are cut to the column's width rather than losing the qualification. */
function clipped(value: string, width: number): string;
function clipped(value: string | null, width: number): string | null;
function clipped(value: string | null, width: number): string | null {
  if (value === null) return null;
  const characters = Array.from(value);
  return characters.length <= width ? value : `${characters.slice(0, width - 1).join('')}…`;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i;

/** docs/achievements.md, "The Ofqual Register": "2000-09-01T00:00:00" or "2021-09-20T15:17:09.427", no zone: the date is the calendar day. */
export function parseApiDate(raw: string): string | undefined {
  const match = ISO_DATE.exec(raw.trim());
  return match && isCalendarDate(match[1]) ? match[1] : undefined;
}

/** A CSV date: ISO, or dd/MM/yyyy (or MM/dd/yyyy, see slashedDateOrder), with an optional time. */
export function parseCsvDate(raw: string, order: DateOrder): string | undefined {
  const iso = parseApiDate(raw);
  if (iso) return iso;
  const match = SLASHED_DATE.exec(raw.trim());
  if (!match) return undefined;
  const [day, month] = order === 'day-first' ? [match[1], match[2]] : [match[2], match[1]];
  const date = `${match[3]}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/**
 * The order a slashed date proves, when one part is over 12. The download is written with
 * CsvHelper's invariant culture (MM/dd/yyyy HH:mm:ss) but a UK spreadsheet saves dd/MM/yyyy,
 * so a file's order is read from its dates rather than assumed (docs/achievements.md, "The Ofqual Register").
 */
export function slashedDateOrder(raw: string): DateOrder | undefined {
  const match = SLASHED_DATE.exec(raw.trim());
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  if (first > 12 && second <= 12) return 'day-first';
  if (second > 12 && first <= 12) return 'month-first';
  return undefined;
}

const NINE_TO_ONE = ['9', '8', '7', '6', '5', '4', '3', '2', '1', 'U'];
const A_STAR_TO_E = ['A*', 'A', 'B', 'C', 'D', 'E', 'U'];
const A_TO_E = ['A', 'B', 'C', 'D', 'E', 'U'];
const PASS_MERIT_DISTINCTION = ['Pass', 'Merit', 'Distinction'];

/** Only scales whose grades are beyond doubt; any other leaves the list to the operator. Keys: lower case, no spaces. */
const GRADES_BY_SCALE: Record<string, string[]> = {
  '9to1': NINE_TO_ONE,
  '9-1': NINE_TO_ONE,
  'a*-e': A_STAR_TO_E,
  'a*toe': A_STAR_TO_E,
  'a-e': A_TO_E,
  atoe: A_TO_E,
  pass: ['Pass'],
  'pass/fail': ['Pass', 'Fail'],
  'pass/merit/distinction': PASS_MERIT_DISTINCTION,
  'pass/merit/distinction/distinction*': [...PASS_MERIT_DISTINCTION, 'Distinction*'],
};

export function gradesOfScale(scale: string | null): string[] {
  if (!scale) return [];
  return [...(GRADES_BY_SCALE[scale.toLowerCase().replace(/\s+/g, '')] ?? [])];
}
