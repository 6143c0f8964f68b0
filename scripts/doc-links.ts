// What the documentation tests read in the documents: the relative links of a Markdown page and the
// anchors its headings give (test/unit/docs-links.test.ts), and references in code comments to
// documents outside the repository (test/unit/no-outside-references.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { headingAnchor } from './docs-tables';

export interface Link {
  /** The file the link is in, relative to the repository. */
  from: string;
  line: number;
  target: string;
}

/** The text with fenced code blocks blanked out, keeping the line numbers. */
function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** And inline code too. */
function withoutCode(markdown: string): string {
  return withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Every link of the page that is not to a web address: `[text](target)`, targets as written. */
export function relativeLinks(from: string, markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((text, index) => {
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1];
        if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ from, line: index + 1, target });
      }
    });
  return links;
}

/** The anchors of a page's headings, with GitHub's -1, -2 … for repeated ones. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutCodeBlocks(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = headingAnchor(match[1].replace(/`/g, ''));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Why a link does not resolve from the repository at root, or undefined when it does. */
export function brokenReason(root: string, link: Link): string | undefined {
  const [file, anchor] = link.target.split('#', 2);
  const target = file === '' ? link.from : path.posix.normalize(path.posix.join(path.posix.dirname(link.from), file));
  if (target.startsWith('..')) return `${link.target} leaves the repository`;
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return `${target} does not exist`;
  if (anchor && target.endsWith('.md') && !anchorsOf(fs.readFileSync(full, 'utf8')).has(anchor)) {
    return `${target} has no heading #${anchor}`;
  }
  return undefined;
}

/**
 * References to documents that are not in the repository: the working briefs the project was
 * written from (design and style notes, issue numbers, research notes), which a reader of the
 * code cannot open. Each finding is the text that matched.
 */
export function outsideReferences(text: string): string[] {
  const patterns = [
    /\bDESIGN\b(?: \d+)?/g,
    /\bSTYLE\b/g,
    /\b[Ii]ssue #?\d+/g,
    /\.\.\/shared\b|\/work\/\w+/g,
    /\blrs-interfaces\b/g,
    /\bofqual-register \d+/g,
    /\bao-user-guide\.md\b|\btoolchain\.md\b|\blrs-r9-catalogue\b/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]));
}

/** Repository documents a comment names (`docs/….md`, `README.md`, `CHANGELOG.md`). */
export function documentsNamed(text: string): string[] {
  return [...text.matchAll(/\b((?:docs\/[\w./-]+\.md)|README\.md|CHANGELOG\.md)/g)].map((m) => m[1]);
}

/** Every file under a directory of the repository, as repository paths. */
export function filesUnder(root: string, dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}
