import { describe, expect, it } from '@jest/globals';
import { DIALOG_KINDS } from '@chatops/shared/contracts';
import { blockKitErrors, viewErrors } from '@chatops/testkit';
import { refOptions } from '../../src/dialogs/ref-options.js';
import { dialogView, type RollbackTarget } from '../../src/render/dialog-view.js';

/** The longest names the config allows (63 characters), 200 apps of 150 environments each. */
const longName = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, '0')}-${'x'.repeat(56)}`.slice(0, 63);
const apps = Array.from({ length: 200 }, (_, i) => ({
  name: longName('app', i),
  environments: Array.from({ length: 150 }, (_, j) => longName('env', j)),
}));
const hostile = `<!channel> *bold* <@U0ALICE> &amp; ${'ü'.repeat(300)}`;
const targets: RollbackTarget[] = Array.from({ length: 120 }, (_, i) => ({
  id: 1_000_000 + i,
  sha: 'a'.repeat(40),
  ref: hostile,
  createdAt: '2026-01-01T00:00:00Z',
  creator: hostile,
}));

describe("the dialogs' views within Slack's limits, cut rather than refused", () => {
  it.each(DIALOG_KINDS)('%s with 200 apps of 150 environments, long names and hostile refs', (dialog) => {
    const view = dialogView({
      dialog,
      apps,
      app: apps[199]!.name,
      environment: apps[199]!.environments[149],
      defaultBranch: `main-${'b'.repeat(300)}`,
      targets,
      metadata: JSON.stringify({ d: dialog, u: 'U0BOB', s: 'x'.repeat(43) }),
      nowMs: Date.parse('2026-01-02T00:00:00Z'),
    });
    // the fake Slack's own rules (100 blocks, title 24, options 100, option text 75, value 150, …)
    expect(viewErrors(view, 'modal')).toEqual([]);
    const selects = (view.blocks as Array<{ element?: { options?: unknown[] } }>)
      .map((b) => b.element?.options?.length)
      .filter((n) => n !== undefined);
    expect(Math.max(...(selects as number[]))).toBe(100);
  });

  it("the ref field's suggestions: at most 100, within an option's limits, branch names as plain text", () => {
    const branches = Array.from({ length: 300 }, (_, i) => `${i}-${hostile}`.slice(0, 140));
    const answer = refOptions({ branches, tags: [], defaultBranch: branches[0]!, fetchedAt: 0 }, '');
    expect(answer.options).toHaveLength(100);
    // as a static select of them would be checked
    const block = {
      type: 'input',
      block_id: 'ref',
      label: { type: 'plain_text', text: 'Ref' },
      element: { type: 'static_select', action_id: 'ref', options: answer.options },
    };
    expect(blockKitErrors([block])).toEqual([]);
    expect(answer.options[0]!.text).toEqual({
      type: 'plain_text',
      text: expect.stringMatching(/^0-<!channel> \*bold/),
    });
  });
});
