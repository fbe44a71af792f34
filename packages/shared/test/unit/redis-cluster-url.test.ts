import { describe, expect, it } from '@jest/globals';
import { parseClusterUrl } from '../../src/runtime/redis/redis-cluster.js';

describe('parseClusterUrl', () => {
  it('reads the seed nodes, the password, the user and TLS', () => {
    expect(parseClusterUrl('redis+cluster://10.0.0.1:7000?nodes=10.0.0.2:7001,[::1]:7002,10.0.0.4')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
        { host: '10.0.0.4', port: 6379 },
      ],
      redisOptions: {},
    });
    expect(parseClusterUrl('rediss+cluster://chatops:p%40ss@redis-0.redis:6380')).toEqual({
      nodes: [{ host: 'redis-0.redis', port: 6380 }],
      redisOptions: { username: 'chatops', password: 'p@ss', tls: {} },
    });
    expect(parseClusterUrl('redis+cluster://redis-0')).toEqual({
      nodes: [{ host: 'redis-0', port: 6379 }],
      redisOptions: {},
    });
  });

  it('is null for any other URL', () => {
    expect(parseClusterUrl('redis://127.0.0.1:6379')).toBeNull();
    expect(parseClusterUrl('redis+sentinel://127.0.0.1:26379/mymaster')).toBeNull();
  });
});
