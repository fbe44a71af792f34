import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

// The README's first command, `npm run demo`, as a person runs it (minus the prompt at the end): the
// sandbox of the strict fakes and the three services from their built output play the scenario, and
// the demo exits 0. The fakes refuse what Slack, GitHub and CircleCI would refuse, so a demo that
// sends a real API something it would refuse fails here.
const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'chatops-demo-test-'));
const refusals = join(dir, 'refusals.jsonl');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'packages/sandbox/dist/demo.js')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        DEMO_EXIT_AFTER_SCENARIO: '1',
        CHATOPS_FAKE_REFUSALS_LOG: refusals,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run demo', () => {
  it('plays the whole scenario against the strict fakes and exits 0', async () => {
    const { code, output } = await runDemo();
    expect({ code, tail: code === 0 ? '' : output.slice(-2000) }).toEqual({ code: 0, tail: '' });
    for (const step of [
      '1. alice deploys api to staging: it goes through',
      '2. bob tries production, where only alice may deploy: refused, and told who may',
      '3. alice locks staging; bob is refused while it is locked; alice unlocks',
      '4. bob deploys a broken branch: it fails, with a link to the CI log',
      '5. alice rolls staging back to the last good deployment',
      '6. alice freezes staging for an hour; bob is refused, told why and until when; alice unfreezes',
      "7. alice presses Promote on staging's message: the same sha goes to production, after her confirmation",
      '8. bob deploys web to production, where someone else must approve: his own Approve is refused; alice approves',
      '9. bob deploys from the Deploy dialog, without typing: it offers only what he may, and deploys as the command',
      "10. bob opens the app's Home tab: every environment at a glance, with buttons only where he may act",
      'Stopping everything the demo started',
    ])
      expect(output).toContain(step);
    expect(output).toContain(':white_check_mark: @alice deployed *api*');
    // Step 9: the dialog as bob sees it (no production of api: only alice may), then his deployment from it.
    const fromDialog = output.slice(output.indexOf('9. bob deploys from the Deploy dialog'));
    expect(fromDialog).toContain(
      "  ┌ bob's dialog: Deploy\n  │ App: api   (api, web)\n  │ Environment: staging   (staging, review)\n" +
        '  │ Branch, tag or commit: main   (type to search)\n',
    );
    expect(fromDialog).toContain(':white_check_mark: @bob deployed *api*');
    // Step 10: bob's Home: what runs in each environment (his own deploy of step 9 on api staging),
    // api production read-only for him (only alice may deploy there).
    const homeTab = output.slice(output.indexOf("10. bob opens the app's Home tab"));
    expect(homeTab).toContain("  ┌ bob's Home tab\n  │ ── Deployments\n");
    expect(homeTab).toMatch(
      new RegExp(
        '  │ ── api · acme/api\\n  │ \\*staging\\*\\n' +
          '  │ :white_check_mark: Runs `feature-x` `ccccccc` · succeeded · @bob · \\S+ · log \\(\\S+\\)\\n' +
          '  │   \\[ Deploy… \\] \\[ Roll back… \\] \\[ Lock… \\]\\n' +
          '  │ \\*production\\* \\(production\\)\\n' +
          '  │ :white_check_mark: Runs `aaaaaaa` · succeeded · @alice · \\S+ · log \\(\\S+\\)\\n' +
          '  │ \\*review\\*\\n',
      ),
    );
    expect(output).toContain(':x: @bob failed to deploy *api*');
    expect(output).toMatch(/@alice locked api staging \(rolled back #\d+\)/);
    expect(output).toContain('[ Promote to production ] [ Rollback ]');
    expect(output).toMatch(/:white_check_mark: @alice deployed \*api\* \S+ \(`aaaaaaa` \S+\) to \*production\*/);
    expect(output).toMatch(
      /api staging is frozen until \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in .+\): release checks/,
    );
    // Step 8: the request in the channel, bob's own Approve refused privately, then alice's approval deploys it.
    const approval = output.slice(output.indexOf('8. bob deploys web to production'));
    expect(approval).toContain('@bob asks to deploy *web*/`main` (`ddddddd`) to *production*.');
    expect(approval).toContain('*Approvals: 0 of 1.*');
    const own = approval.slice(approval.indexOf('bob presses Approve'), approval.indexOf('alice presses Approve'));
    expect(own).toContain(
      '💬 (only you can see this)\n    │ You asked for this deploy, so you cannot approve it: someone else must.',
    );
    expect(approval).toMatch(/alice presses Approve[\s\S]*│ \*Approved\* by @alice \(/);
    expect(approval).toMatch(
      /:white_check_mark: @bob deployed \*web\* \S+ (`main` )?\(`ddddddd` \S+\) to \*production\*/,
    );
    expect(approval).toMatch(/│ approved by @alice\n/);
    expect(existsSync(refusals) ? readFileSync(refusals, 'utf8') : '').toBe('');
  }, 120_000);
});
