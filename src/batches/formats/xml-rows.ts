import type { Readable } from 'node:stream';
import sax from 'sax';
import type { XmlLimits } from '../../platform/xml/xml-prescan';
import { escapeXml } from '../../platform/xml/xml-writer';
import type { BatchLayout } from '../batch-layouts';
import { BATCH_XML_NS } from '../batch-layouts';
import { type BatchRow, BatchFileError, MAX_RECORD_CHARACTERS } from './batch-row';
import { batchText } from './batch-text';

/**
 * Records of an XML batch file, streamed with sax (strict, namespace-aware):
 * <Root xmlns="urn:lrs-gateway:batch:1"><Record><Field>value</Field>...</Record>...</Root>
 * (wsdl/xsd/batch/*.xsd). Document type declarations are refused (no entities of any kind),
 * the nesting is fixed, the text is pre-scanned under `limits` before sax reads it, and a record
 * larger than the limit, counting its text in every form (CDATA too), fails the file.
 */
export async function* readXmlRows(source: Readable, layout: BatchLayout, limits: XmlLimits): AsyncGenerator<BatchRow> {
  const parser = sax.createStream(true, { xmlns: true, trim: false });
  const pending: BatchRow[] = [];
  let failure: Error | undefined;
  let depth = 0;
  let sawRoot = false;
  let rowNumber = 0;
  let fields: Record<string, string | undefined> | undefined;
  let extra: string[] = [];
  let field: string | undefined;
  let text = '';
  let recordSize = 0;
  const fail = (message: string) => {
    failure ??= new BatchFileError(message);
  };

  parser.on('doctype', () => fail('Document type declarations are not accepted in a batch file'));
  parser.on('processinginstruction', (pi: { name: string }) => {
    if (pi.name !== 'xml') fail('Processing instructions are not accepted in a batch file');
  });
  parser.on('opentag', (tag: sax.QualifiedTag) => {
    depth += 1;
    if (depth === 1) {
      sawRoot = true;
      if (tag.local !== layout.xmlRoot || tag.uri !== BATCH_XML_NS) {
        fail(`The document element must be ${layout.xmlRoot} in namespace ${BATCH_XML_NS}`);
      }
    } else if (depth === 2) {
      if (tag.local !== layout.xmlRecord || tag.uri !== BATCH_XML_NS) fail(`Each record must be a ${layout.xmlRecord} element`);
      fields = {};
      extra = [];
      recordSize = 0;
    } else if (depth === 3) {
      field = tag.local;
      text = '';
      if (!layout.columns.includes(tag.local) || tag.uri !== BATCH_XML_NS) extra.push(tag.local);
    } else {
      fail(`Elements are nested deeper than a field, inside record ${rowNumber + 1}`);
    }
  });
  const fieldText = (chunk: string) => {
    recordSize += chunk.length;
    // Counted before it is kept: an oversized record stops growing at the limit (docs/decisions/0041-batch-record-limit-counts-all-text.md).
    if (recordSize > MAX_RECORD_CHARACTERS) fail(`Record ${rowNumber + 1} is longer than ${MAX_RECORD_CHARACTERS} characters`);
    else text += chunk;
  };
  parser.on('text', (chunk: string) => {
    if (depth === 3) fieldText(chunk);
    else if (chunk.trim() !== '') fail('Text is only allowed inside a field element');
  });
  parser.on('cdata', (chunk: string) => {
    if (depth === 3) fieldText(chunk);
    else if (chunk.trim() !== '') fail('Text is only allowed inside a field element');
  });
  parser.on('closetag', () => {
    if (depth === 3 && fields && field !== undefined) {
      const value = text.trim();
      if (fields[field] !== undefined) extra.push(field);
      fields[field] = value === '' ? undefined : value;
    } else if (depth === 2 && fields) {
      rowNumber += 1;
      pending.push({
        rowNumber,
        fields,
        shapeProblem: extra.length > 0 ? `unknown or repeated field(s) ${[...new Set(extra)].join(', ')}` : undefined,
      });
      fields = undefined;
    }
    depth -= 1;
  });
  parser.on('error', (error: Error) => fail(`The XML is not well-formed: ${error.message.split('\n')[0]}`));

  for await (const text of batchText(source, limits)) {
    parser.write(text);
    if (failure) throw failure;
    while (pending.length > 0) yield pending.shift() as BatchRow;
  }
  parser.end();
  if (failure) throw failure;
  while (pending.length > 0) yield pending.shift() as BatchRow;
  if (!sawRoot) throw new BatchFileError('The file is empty: an XML batch has one document element');
}

/** Output records as XML, in the layout's output document, streamed. */
export async function* writeXmlRows(
  rows: AsyncIterable<Record<string, string | undefined>>,
  layout: BatchLayout,
): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<${layout.xmlOutputRoot} xmlns="${BATCH_XML_NS}">\n`;
  const columns = [...layout.columns, ...layout.resultColumns];
  for await (const row of rows) {
    const children = columns
      .map((column) => {
        const value = row[column];
        if (value === undefined || value === '') return '';
        return column === 'FailureFlags'
          ? value
              .split(' ')
              .map((flag) => `<FailureFlag>${escapeXml(flag)}</FailureFlag>`)
              .join('')
          : `<${column}>${escapeXml(value)}</${column}>`;
      })
      .join('');
    yield `  <${layout.xmlRecord}>${children}</${layout.xmlRecord}>\n`;
  }
  yield `</${layout.xmlOutputRoot}>\n`;
}
