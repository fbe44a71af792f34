import type { ReplyTarget } from '@chatops/shared/runtime';
import type { ResponderPort, SlackReply } from '../../src/ports.js';

/** A responder that keeps every answer, with where it was going. */
export function createRecordingResponder() {
  const answers: Array<{ target: ReplyTarget; reply: SlackReply }> = [];
  return {
    answers,
    responder: {
      async respond(target, reply) {
        answers.push({ target, reply });
      },
    } satisfies ResponderPort,
  };
}
