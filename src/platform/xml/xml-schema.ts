import fs from 'node:fs';
import type { XmlDocument, XmlElement, XsdValidator } from 'libxml2-wasm';
import { DomainError } from '../errors';
import type { LibXml } from './libxml';

export interface SchemaIssue {
  message: string;
  line: number;
}

const SAFE_PARSE = 0; // no entity substitution, no DTD loading, no network: libxml2's safe defaults

/** A compiled XSD (with its imports), validating parsed documents or single elements. */
export class XmlSchema {
  private constructor(
    private readonly lib: LibXml,
    private readonly validator: XsdValidator,
  ) {}

  static load(lib: LibXml, file: string): XmlSchema {
    const doc = lib.XmlDocument.fromString(fs.readFileSync(file, 'utf8'), { url: file });
    try {
      return new XmlSchema(lib, lib.XsdValidator.fromDoc(doc));
    } finally {
      doc.dispose();
    }
  }

  /** The problems found, or an empty list when the element conforms. */
  validate(target: XmlDocument | XmlElement): SchemaIssue[] {
    try {
      this.validator.validate(target as XmlElement);
      return [];
    } catch (error) {
      if (error instanceof this.lib.XmlValidateError) {
        return error.details.map((d) => ({ message: d.message.trim(), line: d.line }));
      }
      throw error;
    }
  }
}

/** Parses text that has passed the pre-scan. The caller disposes the document. */
export function parseXml(lib: LibXml, xml: string): XmlDocument {
  try {
    return lib.XmlDocument.fromString(xml, { option: SAFE_PARSE });
  } catch (error) {
    if (error instanceof lib.XmlParseError) {
      const first = error.details[0];
      const where = first ? ` (line ${first.line}, column ${first.col})` : '';
      throw new DomainError(
        'MESSAGE_MALFORMED',
        `The request is not well-formed XML${where}: ${first?.message.trim() ?? error.message}`,
      );
    }
    throw error;
  }
}
