import { escapeCut } from '@chatops/shared/contracts';

type Style = { emoji: string; label: string };

const STYLES: Record<string, Style> = {
  requested: { emoji: ':inbox_tray:', label: 'requested' },
  pending: { emoji: ':hourglass:', label: 'queued' },
  queued: { emoji: ':hourglass:', label: 'queued' },
  waiting: { emoji: ':double_vertical_bar:', label: 'waiting for approval' },
  in_progress: { emoji: ':rocket:', label: 'in progress' },
  success: { emoji: ':white_check_mark:', label: 'succeeded' },
  failure: { emoji: ':x:', label: 'failed' },
  error: { emoji: ':warning:', label: 'errored' },
  inactive: { emoji: ':white_circle:', label: 'inactive' },
};

/** The emoji and words of a deployment state (an unknown state is shown escaped and cut). */
export function stateStyle(state: string): Style {
  return STYLES[state] ?? { emoji: ':grey_question:', label: escapeCut(state, 40) };
}
