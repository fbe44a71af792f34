import { describe, expect, it } from '@jest/globals';
import { actionsOutcome, circleciOutcome } from '../../../src/run/circleci-outcome.js';

const wf = (name: string, status: string) => ({ id: name, name, status });

describe('circleciOutcome', () => {
  it.each([
    [[], false, { phase: 'pending', description: 'CircleCI pipeline created, no workflow yet' }],
    [
      [],
      true,
      { phase: 'done', outcome: 'error', description: 'CircleCI could not start the pipeline (configuration error)' },
    ],
    [[wf('deploy', 'running')], false, { phase: 'running', description: 'CircleCI running: deploy' }],
    [
      [wf('build', 'success'), wf('deploy', 'success')],
      false,
      { phase: 'done', outcome: 'success', description: 'CircleCI all 2 workflows succeeded' },
    ],
    [
      [wf('build', 'success'), wf('deploy', 'running')],
      false,
      { phase: 'running', description: 'CircleCI running: build, deploy' },
    ],
    [
      [wf('build', 'success'), wf('deploy', 'failed')],
      false,
      { phase: 'done', outcome: 'failure', description: 'CircleCI workflow failed: deploy' },
    ],
    [
      [wf('build', 'failed'), wf('deploy', 'running')],
      false,
      { phase: 'done', outcome: 'failure', description: 'CircleCI workflow failed: build' },
    ],
    [[wf('deploy', 'on_hold')], false, { phase: 'on_hold', description: 'waiting for approval in CircleCI (deploy)' }],
    [
      [wf('deploy', 'canceled')],
      false,
      { phase: 'done', outcome: 'error', description: 'CircleCI workflow canceled: deploy' },
    ],
    [
      [wf('deploy', 'unauthorized')],
      false,
      { phase: 'done', outcome: 'error', description: 'CircleCI workflow unauthorized: deploy' },
    ],
    [
      [wf('deploy', 'success'), wf('approve', 'on_hold')],
      false,
      { phase: 'on_hold', description: 'waiting for approval in CircleCI (approve)' },
    ],
  ])('%j (errored %s) → %j', (workflows, errored, expected) => {
    expect(circleciOutcome(workflows, errored)).toEqual(expected);
  });
});

describe('actionsOutcome', () => {
  it.each([
    ['queued', null, { phase: 'pending', description: 'GitHub Actions run queued' }],
    ['in_progress', null, { phase: 'running', description: 'GitHub Actions run in_progress' }],
    ['waiting', null, { phase: 'on_hold', description: 'waiting for approval in GitHub Actions' }],
    ['completed', 'success', { phase: 'done', outcome: 'success', description: 'GitHub Actions run succeeded' }],
    ['completed', 'failure', { phase: 'done', outcome: 'failure', description: 'GitHub Actions run failed' }],
    ['completed', 'cancelled', { phase: 'done', outcome: 'error', description: 'GitHub Actions run ended: cancelled' }],
    ['completed', 'timed_out', { phase: 'done', outcome: 'error', description: 'GitHub Actions run ended: timed_out' }],
  ])('%s/%s → %j', (status, conclusion, expected) => {
    expect(actionsOutcome(status, conclusion)).toEqual(expected);
  });
});
