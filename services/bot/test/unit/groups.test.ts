import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { resolveGroups } from '../../src/handlers/resolve-groups.js';
import { loadGroups } from '../../src/routes/load-groups.js';
import { createMemoryGroupCache } from '../fakes/memory-group-cache.js';
import { commandContext } from '../helpers/command-context.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

describe('resolveGroups (worker): Slack once, then the cache', () => {
  it('asks Slack for a group it has not cached, caches it, and never asks about people', async () => {
    const { ctx, ports } = commandContext({});
    ports.slack.groups.set('S0OPS', ['U0CAROL']);
    const groups = await resolveGroups(ctx.deps, ['U0ALICE', 'S0OPS']);
    expect(groups('S0OPS')).toEqual(['U0CAROL']);
    expect(groups('S0OTHER')).toEqual([]);
    expect(ports.groups.members.get('S0OPS')).toEqual(['U0CAROL']);
    await resolveGroups(ctx.deps, ['S0OPS']);
    expect(ports.slack.calls).toEqual(['groupMembers']);
  });
});

describe('loadGroups (HTTP side): the cache only', () => {
  it('gives the cached members of the groups the config names, null for one not cached', async () => {
    const config = parseAppsConfig(TEST_CONFIG);
    expect((await loadGroups(config, createMemoryGroupCache().groups))('S0OPS')).toBeNull();
    const cached = createMemoryGroupCache({ S0OPS: ['U0CAROL'] });
    expect((await loadGroups(config, cached.groups))('S0OPS')).toEqual(['U0CAROL']);
  });
});
