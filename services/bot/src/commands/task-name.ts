/** The GitHub deployment task of a command's `task=NAME`: `deploy:NAME`, or `deploy`. */
export function taskName(task: string | undefined): string {
  return task ? `deploy:${task}` : 'deploy';
}
