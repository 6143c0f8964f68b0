import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../paths';

/**
 * libxml2 (compiled to WebAssembly) parses incoming XML and validates it against the XSDs.
 * It is an ES module with top-level await, so it is loaded with a real dynamic import().
 */
export type LibXml = typeof import('libxml2-wasm');

let loaded: Promise<LibXml> | undefined;

export function loadLibXml(): Promise<LibXml> {
  loaded ??= import('libxml2-wasm').then((lib) => {
    registerSchemaFiles(lib);
    return lib;
  });
  return loaded;
}

/** The only files libxml2 may read: the contract's schemas under wsdl/ and schemas/ (for xs:import). */
const READABLE_ROOTS = ['wsdl', 'schemas'].map((dir) => projectPath(dir) + path.sep);

function registerSchemaFiles(lib: LibXml): void {
  const open = new Map<number, fs.PathLike>();
  lib.xmlRegisterInputProvider({
    match: (filename) => schemaPath(filename) !== undefined,
    open: (filename) => {
      const file = schemaPath(filename);
      if (!file) return undefined;
      const fd = fs.openSync(file, 'r');
      open.set(fd, file);
      return fd;
    },
    read: (fd, buffer) => fs.readSync(fd as number, buffer, 0, buffer.byteLength, null),
    close: (fd) => {
      open.delete(fd as number);
      fs.closeSync(fd as number);
      return true;
    },
  });
}

function schemaPath(filename: string): string | undefined {
  const file = path.resolve(filename.startsWith('file://') ? new URL(filename).pathname : filename);
  const allowed = READABLE_ROOTS.some((root) => file.startsWith(root)) && file.endsWith('.xsd');
  return allowed && fs.existsSync(file) ? file : undefined;
}
