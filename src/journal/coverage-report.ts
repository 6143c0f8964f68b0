import { escapeXml } from '../platform/xml/xml-writer';
import type { CoverageLine } from './coverage.rules';

/**
 * The coverage checklist as one self-contained HTML page (no script, no external asset) that a
 * vendor can hand to a customer as evidence of testing.
 */
export function coverageReport(organisation: { ukprn: string; name: string }, lines: readonly CoverageLine[], at: Date): string {
  const seen = lines.filter((line) => line.seenIn !== null).length;
  const operations = [...new Set(lines.map((line) => line.operation))];
  const sections = operations
    .map((operation) => {
      const rows = lines
        .filter((line) => line.operation === operation)
        .map(
          (line) =>
            `<tr class="${line.seenIn === null ? 'missing' : 'seen'}"><td>${escapeXml(line.label)}</td><td><code>${escapeXml(line.key)}</code></td>` +
            `<td>${line.seenIn === null ? 'not yet' : `seen (journal entry ${line.seenIn})`}</td><td>${line.seenIn === null ? escapeXml(line.howTo) : ''}</td></tr>`,
        )
        .join('');
      return `<h2>${escapeXml(operation)}</h2><table><thead><tr><th scope="col">Behaviour</th><th scope="col">Key</th><th scope="col">Seen</th><th scope="col">How to produce it</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LRS compatibility coverage</title>' +
    '<style>body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}table{border-collapse:collapse;width:100%;margin-bottom:2em}' +
    'th,td{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left;vertical-align:top}.missing td:nth-child(3){color:#d4351c;font-weight:bold}' +
    '.seen td:nth-child(3){color:#00703c}</style></head><body>' +
    `<h1>LRS compatibility coverage</h1><p>${escapeXml(organisation.name)} (UKPRN ${escapeXml(organisation.ukprn)}), ${at.toISOString()}: ` +
    `${seen} of ${lines.length} behaviours of ${operations.length} operations seen.</p>${sections}</body></html>`
  );
}
