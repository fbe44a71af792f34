import { describe, expect, it } from '@jest/globals';
import { productionChannel, routeMessage } from '../../src/deployments/route-message.js';
import { signedChatops, statusJob, testConfig } from '../helpers/jobs.js';

const config = testConfig();

describe('routeMessage', () => {
  it("updates the bot's message when the signed payload names it", () => {
    const chatops = signedChatops({ slack: { channel: 'C0CHAT', ts: '1700.01' } });
    const job = statusJob({ statusId: 1, state: 'queued', payload: { chatops } });
    expect(routeMessage(job, chatops, config)).toEqual({ kind: 'update', channel: 'C0CHAT', ts: '1700.01' });
  });

  it("posts in the bot's channel when there is no ts", () => {
    const chatops = signedChatops({ slack: { channel: 'C0CHAT' } });
    expect(routeMessage(statusJob({ statusId: 1, state: 'queued' }), chatops, config)).toEqual({
      kind: 'post',
      channel: 'C0CHAT',
    });
  });

  it('never routes by a payload that was not verified (null): the configured channel', () => {
    const chatops = signedChatops({ slack: { channel: 'C0CHAT', ts: '1700.01' } });
    const job = statusJob({ statusId: 1, state: 'queued', payload: { chatops } });
    expect(routeMessage(job, null, config)).toEqual({ kind: 'post', channel: 'C0STAGING' });
  });

  it.each([
    ['acme/api', 'staging', 'C0STAGING'],
    ['acme/api', 'qa', 'C0APP'],
    ['acme/web', 'staging', 'C0DEFAULT'],
    ['acme/unknown', 'staging', 'C0DEFAULT'],
  ])('routes a deployment without chatops payload of %s %s to %s', (repository, environment, channel) => {
    const job = statusJob({ statusId: 1, state: 'queued', repository, environment, payload: { other: true } });
    expect(routeMessage(job, null, config)).toEqual({ kind: 'post', channel });
  });

  it('has nowhere to go without any configured channel', () => {
    const bare = { ...config, defaults: { ...config.defaults, channel: undefined } };
    const job = statusJob({ statusId: 1, state: 'queued', repository: 'acme/web' });
    expect(routeMessage(job, null, bare)).toEqual({
      kind: 'nowhere',
      reason: 'no channel is configured for acme/web (set "channel" on the app or defaults in the apps config)',
    });
  });
});

describe('productionChannel', () => {
  it("sends production results to the environment's channel when the message is elsewhere", () => {
    const job = statusJob({ statusId: 1, state: 'success', environment: 'production' });
    expect(productionChannel(job, config, 'C0CHAT')).toBe('C0PROD');
    expect(productionChannel(job, config, 'C0PROD')).toBeNull();
    expect(productionChannel(statusJob({ statusId: 1, state: 'success' }), config, 'C0CHAT')).toBeNull();
  });
});
