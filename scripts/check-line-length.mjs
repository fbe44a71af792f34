#!/usr/bin/env node
// Fails when a tracked source line is longer than 120 characters (Biome formats code to 120 columns
// but leaves long strings and comments alone).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 120;
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.js', '*.cjs'],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter(Boolean);
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted but not yet staged
  }
  text.split('\n').forEach((line, i) => {
    if (line.length > MAX) long.push(`${file}:${i + 1}: ${line.length} characters`);
  });
}
if (long.length > 0) {
  console.error(`${long.length} lines over ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`line length: ${files.length} files, none over ${MAX} characters`);
