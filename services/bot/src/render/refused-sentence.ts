import type { ExternalApiError } from '@chatops/shared/contracts';

/** The API's name as people write it. */
export function apiName(e: ExternalApiError): 'GitHub' | 'Slack' {
  return e.context?.api === 'slack' ? 'Slack' : 'GitHub';
}

/** Slack's answers that mean the bot's token itself is refused. */
const SLACK_CREDENTIALS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

/** GitHub (or Slack) refused the bot's credentials: for the person, and what an operator must do. */
export function credentialsRefused(api: 'GitHub' | 'Slack'): string {
  const what = api === 'GitHub' ? 'GITHUB_TOKEN or the GitHub App' : 'SLACK_BOT_TOKEN';
  return `${api} refused the bot's credentials, so I could not finish this. An operator must check ${what}.`;
}

/** The bot's credentials are fine, but lack a permission. */
export function permissionRefused(api: 'GitHub' | 'Slack'): string {
  const what = api === 'GitHub' ? "the token's or the GitHub App's access to the repository" : "the Slack app's scopes";
  return `${api} refused the bot permission for this, so I could not finish this. An operator must check ${what}.`;
}

/** One plain sentence for a permanent refusal by GitHub or Slack, never the raw API error. Pure. */
export function refusedSentence(e: ExternalApiError): string {
  const api = apiName(e);
  if (e.status === 401 || (e.apiCode && SLACK_CREDENTIALS.has(e.apiCode))) return credentialsRefused(api);
  if (e.status === 403 || e.apiCode === 'missing_scope') return permissionRefused(api);
  if (e.status === 404)
    return `${api} could not find what I asked for: the repository does not exist, or the bot has no access to it.`;
  const why = e.apiCode ?? (e.status ? `HTTP ${e.status}` : '');
  return `${api} refused the request${why ? ` (${why})` : ''}, so I could not finish this.`;
}
