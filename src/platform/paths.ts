import fs from 'node:fs';
import path from 'node:path';

/** The directory holding package.json, wsdl/ and schemas/, whether running from src/ or dist/. */
function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'wsdl'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (package.json and wsdl/)');
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
