import { z } from 'zod';

/** A Slack user (U…/W…) or user-group (S…) id. */
export const slackPrincipal = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'expected a Slack user id (U…/W…) or user-group id (S…)');
