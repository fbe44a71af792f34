import { describe, expect, it } from '@jest/globals';
import { resolveGroups } from '../../src/handlers/resolve-groups.js';
import type { GroupCache } from '../../src/ports.js';
import { commandContext, memoryPorts } from '../helpers/command-context.js';

describe('resolveGroups', () => {
  it('reads each group once, all at once, and asks Slack only for those not cached', async () => {
    const ports = memoryPorts();
    ports.slack.groups.set('S0NEW', ['U0DAN']);
    const cached = new Map([['S0OPS', ['U0CAROL']]]);
    const reads: string[] = [];
    let inFlight = 0;
    let most = 0;
    const groups: GroupCache = {
      async get(id) {
        reads.push(id);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return cached.get(id) ?? null;
      },
      async set(id, members) {
        cached.set(id, members);
      },
    };
    const { ctx } = commandContext({ ports });
    const members = await resolveGroups({ ...ctx.deps, groups }, ['S0OPS', 'U0BOB', 'S0NEW', 'S0OPS', 'S0NEW']);
    expect(reads.sort()).toEqual(['S0NEW', 'S0OPS']);
    // the cache is read for every group together (one Redis round trip before a dialog opens, not one per listing)
    expect(most).toBe(2);
    expect(ports.slack.calls.filter((c) => c === 'groupMembers')).toHaveLength(1);
    expect(members('S0OPS')).toEqual(['U0CAROL']);
    expect(members('S0NEW')).toEqual(['U0DAN']);
    expect(cached.get('S0NEW')).toEqual(['U0DAN']);
    expect(members('S0NONE')).toEqual([]);
  });
});
