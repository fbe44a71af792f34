import { randomBytes } from 'node:crypto';
import { signChatopsPayload, type ChatopsPayload, type UnsignedChatops } from '@chatops/shared/contracts';

/** CHATOPS_PAYLOAD_SECRET of the tests (the bot's and heaven's). */
export const PAYLOAD_SECRET = 'chatops-payload-secret-123';

export type Target = { repository: string; environment: string; ref: string; task: string };

/** `payload.chatops` as the bot writes it for this deployment: signed, with a fresh nonce. */
export function signedChatops(
  target: Target,
  over: Partial<UnsignedChatops> = {},
  secret = PAYLOAD_SECRET,
): ChatopsPayload {
  const requester = over.requester ?? { slack_user_id: 'U0ALICE', name: 'alice' };
  return signChatopsPayload(
    {
      version: 1,
      app: 'api',
      params: { region: 'eu' },
      nonce: randomBytes(16).toString('hex'),
      ...over,
      requester,
    },
    target,
    secret,
  );
}
