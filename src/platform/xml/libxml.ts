export type LibXml = typeof import('libxml2-wasm');
let loaded: Promise<LibXml> | undefined;
export function loadLibXml(): Promise<LibXml> {
  loaded ??= import('libxml2-wasm');
  return loaded;
}
