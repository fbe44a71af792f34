import { describe, expect, it } from '@jest/globals';
import { blockKitErrors } from '../../src/slack-block-kit.js';
import { messageRefusal } from '../../src/slack-message-rules.js';

const text = (t: string, type = 'mrkdwn') => ({ type, text: t });
const section = (t: string) => ({ type: 'section', text: text(t) });
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'go',
  text: text('Go', 'plain_text'),
  ...extra,
});

describe('Block Kit limits, as Slack words its refusals', () => {
  it.each([
    [
      '51 blocks',
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      'no more than 50 items allowed [json-pointer:/blocks]',
    ],
    [
      'section text of 3,001',
      [section('x'.repeat(3001))],
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ],
    ['empty section text', [section('')], 'must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    [
      '11 section fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'a field of 2,001',
      [{ type: 'section', fields: [text('f'), text('x'.repeat(2001))] }],
      'must be less than 2001 characters [json-pointer:/blocks/0/fields/1/text]',
    ],
    [
      'header text of 151',
      [{ type: 'header', text: text('x'.repeat(151), 'plain_text') }],
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'a mrkdwn header',
      [{ type: 'header', text: text('Deploy') }],
      'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      '26 actions elements',
      [{ type: 'divider' }, { type: 'actions', elements: Array.from({ length: 26 }, () => button()) }],
      'no more than 25 items allowed [json-pointer:/blocks/1/elements]',
    ],
    [
      'button text of 76',
      [{ type: 'actions', elements: [button({ text: text('x'.repeat(76), 'plain_text') })] }],
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ],
    [
      'button value of 2,001',
      [{ type: 'actions', elements: [button({ value: 'v'.repeat(2001) })] }],
      'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ],
    [
      'button url of 3,001',
      [{ type: 'actions', elements: [button({ url: `https://x/${'u'.repeat(2991)}` })] }],
      'must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
    ],
    [
      'action_id of 256',
      [{ type: 'actions', elements: [button({ action_id: 'a'.repeat(256) })] }],
      'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ],
    [
      'block_id of 256',
      [{ ...section('s'), block_id: 'b'.repeat(256) }],
      'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ],
    [
      'a button style Slack does not have',
      [{ type: 'actions', elements: [button({ style: 'warning' })] }],
      'must be one of primary, danger [json-pointer:/blocks/0/elements/0/style]',
    ],
    ['an unknown block type', [{ type: 'banner' }], 'unsupported type: banner [json-pointer:/blocks/0/type]'],
    [
      'an input block without a label',
      [{ type: 'input', element: { type: 'plain_text_input', action_id: 'r' } }],
      'failed to match all allowed schemas [json-pointer:/blocks/0/label]',
    ],
    [
      'an input block without an element',
      [{ type: 'input', label: text('Reason', 'plain_text') }],
      'failed to match all allowed schemas [json-pointer:/blocks/0/element]',
    ],
    [
      'an input label of 2,001',
      [{ type: 'input', label: text('x'.repeat(2001), 'plain_text'), element: { type: 'plain_text_input' } }],
      'must be less than 2001 characters [json-pointer:/blocks/0/label/text]',
    ],
    [
      'a plain_text_input max_length over 3,000',
      [{ type: 'input', label: text('Reason', 'plain_text'), element: { type: 'plain_text_input', max_length: 3001 } }],
      'must be less than or equal to 3000 [json-pointer:/blocks/0/element/max_length]',
    ],
  ])('refuses %s', (_what, blocks, error) => {
    expect(blockKitErrors(blocks)).toEqual([error]);
  });

  it('takes blocks at every limit', () => {
    const blocks = [
      { type: 'header', text: text('x'.repeat(150), 'plain_text') },
      { ...section('x'.repeat(3000)), block_id: 'b'.repeat(255) },
      { type: 'section', fields: Array.from({ length: 10 }, () => text('x'.repeat(2000))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => text('c')) },
      {
        type: 'actions',
        elements: Array.from({ length: 25 }, () =>
          button({ action_id: 'a'.repeat(255), text: text('x'.repeat(75), 'plain_text'), value: 'v'.repeat(2000) }),
        ),
      },
      ...Array.from({ length: 45 }, () => ({ type: 'divider' })),
    ];
    expect(blocks).toHaveLength(50);
    expect(blockKitErrors(blocks)).toEqual([]);
  });
});

describe('a message’s text and blocks, as Slack answers them', () => {
  it('refuses invalid blocks with invalid_blocks and Slack’s error lines', () => {
    expect(messageRefusal({ text: 't', blocks: [section('x'.repeat(3001))] })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(messageRefusal({ text: 't', blocks: '[{"type":' })).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('refuses text over 40,000 characters (msg_too_long), no text at all, and blocks without a fallback text', () => {
    expect(messageRefusal({ text: 'x'.repeat(40_001) })).toEqual({ ok: false, error: 'msg_too_long' });
    expect(messageRefusal({ text: 'x'.repeat(40_000) })).toBeNull();
    expect(messageRefusal({})).toEqual({ ok: false, error: 'no_text' });
    expect(messageRefusal({ blocks: [section('s')] })).toEqual({ ok: false, error: 'no_text' });
    expect(messageRefusal({ blocks: [section('s')], text: 'fallback' })).toBeNull();
    expect(messageRefusal({ blocks: [section('s')] }, 'the text the message keeps')).toBeNull();
  });
});
