import { escapeMrkdwn, type ChatCommand } from '@chatops/shared/contracts';

/** A short human description of a resolved command, for acknowledgements and confirmations. */
export function describeCommand(command: ChatCommand): string {
  switch (command.action) {
    case 'deploy': {
      const ref = command.ref && /^[0-9a-f]{40}$/.test(command.ref) ? command.ref.slice(0, 7) : command.ref;
      const what = `${command.app}${ref ? `/${escapeMrkdwn(ref)}` : ''}`;
      const extras = [
        command.task ? `task ${command.task}` : '',
        command.force ? 'forced' : '',
        command.noop ? 'dry run' : '',
      ].filter(Boolean);
      return `deploy ${what} to ${command.environment}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    }
    case 'help':
      return 'help';
    case 'where':
      return `where ${command.app}`;
    case 'history':
      return `history of ${command.app}${command.environment ? ` in ${command.environment}` : ''}`;
    case 'locks':
      return command.app ? `locks of ${command.app}` : 'locks';
    case 'confirm':
    case 'approve':
      return command.decision;
    case 'press':
      return 'a button press';
    case 'health':
      return `health of ${command.app}${command.environment ? ` in ${command.environment}` : ''}`;
    case 'stats':
      return `DORA figures of ${command.app}${command.environment ? ` in ${command.environment}` : ''}`;
    case 'freeze':
    case 'unfreeze':
      return `${command.action} ${command.app}${command.environment ? ` ${command.environment}` : ''}`;
    case 'freezes':
      return command.app ? `freezes of ${command.app}` : 'freezes';
    case 'reviews':
      return command.app ? `review environments of ${command.app}` : 'review environments';
    default:
      return `${command.action} ${command.app} ${command.environment}`;
  }
}
