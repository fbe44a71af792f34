import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { GLOBAL_SHORTCUTS, MESSAGE_SHORTCUTS } from '../../services/bot/src/dialogs/dialog-ids.js';
import { handlesSlackEvent } from '../../services/bot/src/handlers/slack-event.js';

// The Slack app manifest in docs/examples must point Slack at what the bot serves and subscribe to what it handles.
const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

type Manifest = {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: Array<{ url: string }>;
    shortcuts: Array<{ name: string; type: string; callback_id: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url: string };
  };
};

const manifest = parse(read('docs/examples/slack-app-manifest.yml')) as Manifest;
/** Every `app.post('/…'` of the bot's routes. */
const botRoutes = readdirSync(join(ROOT, 'services/bot/src/routes')).flatMap((f) =>
  [...read(`services/bot/src/routes/${f}`).matchAll(/app\.post\('([^']+)'/g)].map((m) => m[1]),
);
const pathOf = (url: string) => new URL(url).pathname;

describe('docs/examples/slack-app-manifest.yml', () => {
  it("points each of Slack's request URLs at a route the bot serves", () => {
    const urls = {
      events: manifest.settings.event_subscriptions.request_url,
      interactivity: manifest.settings.interactivity.request_url,
      options: manifest.settings.interactivity.message_menu_options_url,
      command: manifest.features.slash_commands[0]!.url,
    };
    expect(Object.fromEntries(Object.entries(urls).map(([k, v]) => [k, pathOf(v)]))).toEqual({
      events: '/slack/events',
      interactivity: '/slack/interactions',
      options: '/slack/options',
      command: '/slack/commands',
    });
    for (const url of Object.values(urls)) expect(botRoutes).toContain(pathOf(url));
  });

  it('subscribes to the events the bot handles, with their scopes, and turns the Home tab on', () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    expect(events).toEqual(['app_home_opened', 'app_mention']);
    expect(handlesSlackEvent('app_mention')).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'app_mentions:read', 'chat:write']),
    );
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares shortcuts as Slack takes them: names of at most 24 characters, unique callback_ids', () => {
    const { shortcuts } = manifest.features;
    expect(shortcuts.map((s) => [s.type, s.callback_id])).toEqual([
      ['global', 'deploy'],
      ['global', 'rollback'],
      ['global', 'lock'],
      ['global', 'destroy'],
      ['message', 'deploy_message'],
    ]);
    const ids = (type: string) => shortcuts.filter((s) => s.type === type).map((s) => s.callback_id);
    expect(ids('global')).toEqual(Object.keys(GLOBAL_SHORTCUTS));
    expect(ids('message')).toEqual(Object.keys(MESSAGE_SHORTCUTS));
    for (const s of shortcuts) {
      expect([...s.name].length).toBeLessThanOrEqual(24);
      expect([...s.description].length).toBeLessThanOrEqual(150);
    }
  });
});
