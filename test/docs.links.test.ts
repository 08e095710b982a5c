import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link of the README and of docs/ resolves — in the repository, and in the package a
 * user installs (`files` of package.json, plus what npm always packs): docs are read on npm and in
 * node_modules too. An anchor (`#development`) must name a heading of its file.
 */
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function packaged(path: string): boolean {
  if (['package.json', 'README.md', 'LICENSE'].includes(path)) return true;
  return pkg.files.some((f) => path === f || path.startsWith(`${f}/`));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

function links(markdown: string): string[] {
  // Inline links outside code spans and fenced blocks.
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('links in the README and docs/', () => {
  for (const doc of docs) {
    it(`${doc}: every relative link resolves in the repository and in the package`, () => {
      const md = readFileSync(join(root, doc), 'utf8');
      const found = links(md).filter((l) => !/^(https?:|mailto:)/.test(l));
      for (const link of found) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target =
          path === ''
            ? doc
            : normalize(join(dirname(doc), decodeURIComponent(path)))
                .split(sep)
                .join('/');
        expect(target.startsWith('..'), `${doc}: ${link} leaves the repository`).toBe(false);
        expect(existsSync(join(root, target)), `${doc}: ${link} → ${target} does not exist`).toBe(true);
        expect(packaged(target), `${doc}: ${link} → ${target} is not in the package (package.json files)`).toBe(true);
        if (anchor !== undefined && target.endsWith('.md')) {
          expect(
            anchors(readFileSync(join(root, target), 'utf8')).has(anchor),
            `${doc}: ${link}: no heading #${anchor} in ${relative(root, join(root, target))}`,
          ).toBe(true);
        }
      }
    });
  }

  it('the check finds links (it is not vacuous)', () => {
    expect(
      links(readFileSync(join(root, 'README.md'), 'utf8')).filter((l) => !l.startsWith('http')).length,
    ).toBeGreaterThan(5);
  });
});
