import type { XmlElement } from 'libxml2-wasm';
import type { LibXml } from './libxml';

/**
 * A validated element as plain data: an element with element children becomes an object of
 * its children by local name (repeated names become arrays); a leaf becomes its text; an
 * element marked xsi:nil="true" becomes null. Namespaces are not kept: the schema has
 * already checked that every element is in the right one.
 */
export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export function elementToValue(lib: LibXml, element: XmlElement): XmlValue {
  const nil = element.attrs.find((a) => a.name === 'nil' && a.namespaceUri === XSI);
  if (nil && (nil.value === 'true' || nil.value === '1')) return null;
  let child = element.firstChild;
  let object: XmlObject | undefined;
  while (child) {
    if (child instanceof lib.XmlElement) {
      const childElement = child;
      object ??= {};
      const name = childElement.name;
      const value = elementToValue(lib, childElement);
      const existing = object[name];
      if (existing === undefined) object[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else object[name] = [existing, value];
    }
    child = child.next;
  }
  return object ?? element.content;
}

/** The element children of an element, in document order. */
export function childElements(lib: LibXml, element: XmlElement): XmlElement[] {
  const children: XmlElement[] = [];
  let child = element.firstChild;
  while (child) {
    if (child instanceof lib.XmlElement) children.push(child);
    child = child.next;
  }
  return children;
}

/** A leaf the schema has already required. */
export function textOf(object: XmlObject, name: string): string {
  const value = object[name];
  return typeof value === 'string' ? value : '';
}

/** A leaf that may be absent, empty or nil: undefined in all three cases. */
export function optionalTextOf(object: XmlObject, name: string): string | undefined {
  const value = object[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function objectOf(object: XmlObject, name: string): XmlObject {
  const value = object[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** xs:date may carry a time zone ("2001-05-04Z"); the LRS works in calendar dates. */
export function optionalDateOf(object: XmlObject, name: string): string | undefined {
  return optionalTextOf(object, name)?.slice(0, 10);
}
