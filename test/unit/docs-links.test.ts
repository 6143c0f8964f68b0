import fs from 'node:fs';
import path from 'node:path';
import { anchorsOf, brokenReason, filesUnder, relativeLinks } from '../../scripts/doc-links';

const root = path.join(__dirname, '..', '..');

const pages = ['README.md', 'CHANGELOG.md', ...filesUnder(root, 'docs').filter((file) => file.endsWith('.md'))];

describe('links in the README, the changelog and docs/', () => {
  test.each(pages)('every relative link of %s resolves (file, and heading when one is named)', (page) => {
    const links = relativeLinks(page, fs.readFileSync(path.join(root, page), 'utf8'));
    const broken = links.flatMap((link) => {
      const reason = brokenReason(root, link);
      return reason ? [`${link.from}:${link.line} ${link.target}: ${reason}`] : [];
    });
    expect(broken).toEqual([]);
  });

  test('every page of docs/ is reachable from the README map, directly or through another page', () => {
    const reached = new Set<string>(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const page = queue.shift() as string;
      for (const link of relativeLinks(page, fs.readFileSync(path.join(root, page), 'utf8'))) {
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(page), link.target.split('#')[0] || page));
        if (file.endsWith('.md') && !reached.has(file) && fs.existsSync(path.join(root, file))) {
          reached.add(file);
          queue.push(file);
        }
      }
    }
    expect(pages.filter((page) => !reached.has(page))).toEqual([]);
  });

  test('every page of docs/ starts by saying who it is for (a decision record has its own form)', () => {
    const silent = pages
      .filter((page) => page.startsWith('docs/') && !/^docs\/decisions\/\d{4}-/.test(page))
      .filter((page) => !/^# .+\n\n\*For /.test(fs.readFileSync(path.join(root, page), 'utf8')));
    expect(silent).toEqual([]);
  });
});

describe('the README', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

  test('is a first-visit page of at most 300 lines, with no dated figure (those go to docs/performance.md)', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
    // Test data holds dates of birth; a date of this decade would be a measurement's or a change's.
    expect(readme.match(/\b202\d-\d\d(-\d\d)?\b/g)).toBeNull();
  });

  test('shows the two commands, the endpoints and the first example call on its first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 60).join('\n');
    for (const needed of [
      'npm start',
      'npm test',
      'PORT',
      '/soap/ao',
      '/LearnerService.svc',
      '/admin',
      'curl -s http://localhost:$PORT/',
    ]) {
      expect(firstScreen).toContain(needed);
    }
  });
});

describe('the link checker', () => {
  const write = (dir: string, file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  test('finds a missing file, a missing heading, and leaves code and web addresses alone', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'links-'));
    write(dir, 'docs/a.md', '# A\n\n## Two words\n\n## Two words\n');
    const page =
      '[ok](docs/a.md) [ok](docs/a.md#two-words-1) [gone](docs/b.md) [no heading](docs/a.md#three)\n' +
      '[web](https://example.org/x.md) `[code](nowhere.md)`\n```\n[block](nowhere.md)\n```\n[self](#here)\n\n## Here\n';
    write(dir, 'README.md', page);
    const reasons = relativeLinks('README.md', page).map((link) => [link.target, brokenReason(dir, link)]);
    expect(reasons).toEqual([
      ['docs/a.md', undefined],
      ['docs/a.md#two-words-1', undefined],
      ['docs/b.md', 'docs/b.md does not exist'],
      ['docs/a.md#three', 'docs/a.md has no heading #three'],
      ['#here', undefined],
    ]);
    fs.rmSync(dir, { recursive: true });
  });

  test('gives headings the anchors GitHub gives them', () => {
    expect([...anchorsOf('# Load and soak test (`npm run soak`)\n## 4. Register each MIS system’s certificate\n')]).toEqual([
      'load-and-soak-test-npm-run-soak',
      '4-register-each-mis-systems-certificate',
    ]);
  });
});
