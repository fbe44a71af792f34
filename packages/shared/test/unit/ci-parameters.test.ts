import { describe, expect, it } from '@jest/globals';
import { CIRCLECI_PARAMETER_LIMITS, ciParameterProblems, deploymentParameters } from '@chatops/shared/contracts';

const deployment = { id: 42, environment: 'production', ref: 'main', sha: 'a'.repeat(40), task: 'deploy' };

describe('deploymentParameters', () => {
  it('names the deployment and carries the chatops params as JSON', () => {
    expect(
      deploymentParameters(deployment, { noop: true, params: { region: 'eu', replicas: 3, canary: false } }),
    ).toEqual({
      chatops_deployment_id: 42,
      chatops_environment: 'production',
      chatops_ref: 'main',
      chatops_sha: 'a'.repeat(40),
      chatops_task: 'deploy',
      chatops_noop: true,
      chatops_params: '{"region":"eu","replicas":3,"canary":false}',
    });
  });

  it('has no noop and empty params for a deployment made outside chat', () => {
    expect(deploymentParameters(deployment, null)).toMatchObject({ chatops_noop: false, chatops_params: '{}' });
  });
});

describe('ciParameterProblems', () => {
  const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

  it("keeps to CircleCI's limits: 100 entries, names of 128, values of 512", () => {
    expect(CIRCLECI_PARAMETER_LIMITS).toEqual({ entries: 100, keyLength: 128, valueLength: 512 });
  });

  it('finds nothing in the parameters of a deployment, nor at the limits', () => {
    expect(ciParameterProblems(deploymentParameters(deployment, { noop: false, params: { a: 'b' } }))).toEqual([]);
    expect(ciParameterProblems(entries(100))).toEqual([]);
    expect(ciParameterProblems({ ['k'.repeat(128)]: 'v'.repeat(512) })).toEqual([]);
  });

  it('refuses 101 entries', () => {
    expect(ciParameterProblems(entries(101))).toEqual(['101 CI parameters, more than the 100 CircleCI takes']);
  });

  it('refuses a name of 129 characters, naming its start only', () => {
    const name = `${'n'.repeat(20)}${'x'.repeat(109)}`;
    expect(ciParameterProblems({ [name]: 1 })).toEqual([`the CI parameter name ${'n'.repeat(20)}… is longer than 128`]);
  });

  it('refuses a value of 513 characters, whatever its type once a string', () => {
    expect(ciParameterProblems({ chatops_params: 'v'.repeat(513) })).toEqual([
      'chatops_params would be 513 characters long, more than the 512 CircleCI takes',
    ]);
  });

  it('lists every problem, in order', () => {
    const parameters = { ...entries(100), ['k'.repeat(129)]: 'v'.repeat(600) };
    expect(ciParameterProblems(parameters)).toEqual([
      '101 CI parameters, more than the 100 CircleCI takes',
      `the CI parameter name ${'k'.repeat(20)}… is longer than 128`,
      `${'k'.repeat(129)} would be 600 characters long, more than the 512 CircleCI takes`,
    ]);
  });

  it('finds a chatops_params too long for CircleCI, and takes one of 512', () => {
    // {"notes":"…"} is 12 characters and the note.
    const withNote = (n: number) => deploymentParameters(deployment, { noop: false, params: { notes: 'x'.repeat(n) } });
    expect(ciParameterProblems(withNote(500))).toEqual([]);
    expect(ciParameterProblems(withNote(502))).toEqual([
      'chatops_params would be 514 characters long, more than the 512 CircleCI takes',
    ]);
  });
});
