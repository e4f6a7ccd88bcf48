// The graph banner's own words come from the texts the extension passes (vscode.l10n there); the engine's messages
// pass through unchanged; without texts the banner is in English as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BannerTexts, ENGLISH_BANNER_TEXTS, present } from '../../../src/host/modelStatus';
import { model, range } from '../../fixtures/models/builders';

const pseudo: BannerTexts = {
  invalid: '[invalid]',
  notCreated: '[not created]',
  withMore: (message, others) => `${message} [+${others}]`,
};

const error = (message: string, line: number) => ({
  severity: 'error' as const,
  code: 'yaml-syntax',
  message,
  ...range(line),
});

void test("localised texts frame the engine's messages, which pass through unchanged", () => {
  const broken = model(['test'], [], {
    diagnostics: [error('(.gitlab-ci.yml): bad indentation', 3), error('second', 9), error('third', 12)],
    pipeline: { created: false },
  });
  assert.equal(present(broken, null, pseudo).banner?.message, '(.gitlab-ci.yml): bad indentation [+2]');
  assert.equal(
    present(broken, null).banner?.message,
    '(.gitlab-ci.yml): bad indentation (and 2 more in the Problems panel)',
  );
});

void test('a pipeline GitLab would not create, without a reason: the localised sentence', () => {
  const notCreated = model(['test'], [], { pipeline: { created: false } });
  assert.equal(present(notCreated, null, pseudo).banner?.message, '[not created]');
  assert.equal(present(notCreated, null).banner?.message, ENGLISH_BANNER_TEXTS.notCreated);
});
