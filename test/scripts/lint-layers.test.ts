// The layering lint and the cycle check reject what they should: each case lints a line as if it sat in a layer.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layering lint', () => {
  it.each([
    ['src-main/core/fixture.ts', "import { app } from 'electron';", /no-restricted-imports.*Electron/],
    ['src-main/core/fixture.ts', "import { useState } from 'react';", /no-restricted-imports.*UI libraries/],
    ['src-main/core/fixture.ts', "import { registerIpc } from '../shell/ipc';", /no-restricted-paths/],
    ['src-main/contract/fixture.ts', "import { readFileSync } from 'node:fs';", /no-restricted-imports/],
    ['src-main/contract/fixture.ts', "import { Core } from '../core/api/core';", /no-restricted-paths/],
    ['src-main/contract/fixture.ts', "import { app } from 'electron';", /no-restricted-imports.*Electron/],
    ['src-main/harness/fixture.ts', "import { registerIpc } from '../shell/ipc';", /no-restricted-paths/],
    ['src-main/shell/fixture.ts', "import { Core } from '../core/api/core';", /no-restricted-paths/],
    ['db/migrations/fixture.ts', "import { readSettings } from '../../src-main/core/settings/settings';", /no-restricted-paths/],
    ['db/migrations/fixture.ts', "import { z } from 'zod';", /A migration may import only kysely/],
    ['src-main/preload/fixture.ts', "import { Core } from '../core/api/core';", /no-restricted-paths/],
    ['src-renderer/fixture.ts', "import { Core } from '../src-main/core/api/core';", /no-restricted-paths/],
    ['src-renderer/fixture.ts', "import { readFileSync } from 'node:fs';", /no-restricted-imports/],
    ['test/core/fixture.ts', "import { app } from 'electron';", /no-restricted-imports.*Electron/],
    ['bench/fixture.ts', "import { registerIpc } from '../src-main/shell/ipc';", /no-restricted-paths/],
  ])('rejects in %s: %s', async (file, code, expected) => {
    expect((await problems(file, `${code}\nexport const used = [${code.match(/import \{ (\w+) \}/)![1]}];\n`)).join('\n')).toMatch(expected);
  });

  it.each([
    ['src-main/core/fixture.ts', "import { ApiError } from '../contract/errors';"],
    ['src-main/shell/fixture.ts', "import { CoreClient } from '../host/client';"],
    ['src-renderer/fixture.ts', "import { contract } from '../src-main/contract/contract';"],
    ['test/core/fixture.ts', "import type { App } from 'electron';"],
    ['db/migrations/fixture.ts', "import { sql } from 'kysely';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await problems(file, `${code}\nexport const used = [${code.match(/import (?:type )?\{ (\w+) \}/)![1]}];\n`)).toEqual([]);
  });

  it('fails on an import cycle', async () => {
    const [result] = await new ESLint({ cwd: process.cwd(), ignore: false }).lintFiles(['test/fixtures/lint/cycle/first.ts']);
    expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
