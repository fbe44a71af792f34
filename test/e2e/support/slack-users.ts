import type { FakeSlackUser } from '@chatops/testkit';

/** The people of the end-to-end tests, as the fake Slack knows them. */
export const ALICE_USER: FakeSlackUser = { id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' };
export const BOB_USER: FakeSlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Builder' };
export const CAROL_USER: FakeSlackUser = { id: 'U0CAROL', name: 'carol', real_name: 'Carol Danvers' };
