import { describe, expect, it } from '@jest/globals';
import { fitBlockKit } from '@chatops/shared/runtime';
import { messageRefusal } from '@chatops/testkit';

/** What the strict fake Slack (the testkit's rules) would refuse in a message: nothing, or its error. */
const blockKitProblems = (body: { text?: string; blocks?: unknown[] }) => {
  const refusal = messageRefusal({ text: body.text, blocks: body.blocks });
  return refusal ? [String(refusal.error)] : [];
};

const section = (text: string, fields: string[] = []) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(fields.length ? { fields: fields.map((f) => ({ type: 'mrkdwn', text: f })) } : {}),
});

describe('fitBlockKit', () => {
  it('leaves a message within the limits as it is', () => {
    const body = { text: 'hi', blocks: [section('hello', ['a', 'b'])] };
    expect(fitBlockKit(body)).toEqual(body);
  });

  it('cuts every part past its limit, so Slack takes the message instead of answering invalid_blocks', () => {
    const body = {
      text: 'x'.repeat(50_000),
      blocks: [
        ...Array.from({ length: 55 }, () =>
          section(
            's'.repeat(4000),
            Array.from({ length: 12 }, () => 'f'.repeat(2500)),
          ),
        ),
      ],
    };
    body.blocks[1] = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } } as never;
    body.blocks[2] = {
      type: 'context',
      elements: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'c'.repeat(3500) })),
    } as never;
    body.blocks[3] = {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(100) }, value: 'v'.repeat(3000) }],
    } as never;
    expect(blockKitProblems(body).length).toBeGreaterThan(0);
    const fitted = fitBlockKit(body);
    expect(blockKitProblems(fitted)).toEqual([]);
    expect(fitted.text).toHaveLength(40_000);
    expect(fitted.blocks).toHaveLength(50);
  });

  it('never leaves half a link, entity or character where it cuts', () => {
    const link = `<https://ci.example/${'p'.repeat(100)}|the log>`;
    const text = (
      fitBlockKit({ text: 'x', blocks: [section(`${'a'.repeat(2950)}${link}`)] }).blocks![0] as never as {
        text: { text: string };
      }
    ).text.text;
    expect([text.length, text.slice(-3)]).toEqual([2951, 'aa…']);
    const entity = fitBlockKit({ text: `${'a'.repeat(39_997)}&amp;` }).text;
    expect([entity.length, entity.slice(-3)]).toEqual([39_998, 'aa…']);
    const rocket = fitBlockKit({ text: `${'a'.repeat(39_998)}\uD83D\uDE80b` }).text;
    expect([rocket.length, rocket.slice(-3)]).toEqual([39_999, 'aa…']);
  });

  it('gives blocks without a text their fallback', () => {
    expect(fitBlockKit({ text: '', blocks: [section('hello')] }).text).toBe('a message from chatops');
  });
});
