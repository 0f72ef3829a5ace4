import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import path from 'node:path';

// The layer rules must actually catch violations: run the project's own rule set over a fixture tree
// in which each rule is broken once (`npm run lint` applies the same rule set to src/).
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const ruleSet = require(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[] };

type Violation = { rule: { name: string }; from: string; to: string };

async function violations(baseDir: string): Promise<Violation[]> {
  const result = await cruise(['src'], { baseDir, ruleSet, validate: true, doNotFollow: { path: 'node_modules' } } as never);
  const output = result.output as { summary: { violations: Violation[] } };
  return output.summary.violations;
}

describe('layer rules', () => {
  it('catch every kind of violation', async () => {
    const found = await violations(path.join(root, 'tests/fixtures/layers'));
    const pairs = found.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(pairs).toEqual(
      [
        'main-not-server-or-renderer: src/main/app/index.mjs -> src/server/index.mjs',
        'renderer-no-node: src/renderer/index.mjs -> os',
        'renderer-not-main-or-server: src/renderer/index.mjs -> src/main/vault/index.mjs',
        'service-through-index: src/main/sync/index.mjs -> src/main/vault/inner.mjs',
        'shared-is-pure: src/shared/upward.mjs -> src/main/vault/index.mjs',
        'shared-no-platform: src/shared/platform.mjs -> fs',
      ].sort(),
    );
  });
});
