import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/child.ts';

/**
 * better-sqlite3's install script (prebuild-install) downloads a prebuilt binary, or compiles one (minutes) when it
 * cannot; npm caches packages, never what their scripts build. So the binary a test install compiled is kept here
 * (git-ignored) in prebuild-install's own "local prebuild" form, and the next install's script unpacks it.
 */
const PREBUILDS = join(REPO_ROOT, 'test/packaging/.prebuilds');

/** The environment under which better-sqlite3's install script looks for a kept binary. */
export const PREBUILD_ENV = { npm_config_better_sqlite3_local_prebuilds: PREBUILDS } as const;

/** The name prebuild-install looks for, e.g. better-sqlite3-v12.11.1-node-v115-linux-x64.tar.gz (glibc, macOS). */
function prebuildName(version: string): string {
  return `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
}

/** How the install got better-sqlite3's binary; a compiled one is kept for the next install. */
export function keepCompiledBinary(nodeModules: string): 'compiled' | 'unpacked' {
  const pkg = join(nodeModules, 'better-sqlite3');
  // A compile leaves its object files beside the binary; an unpacked prebuild is the binary alone.
  if (!existsSync(join(pkg, 'build/Release/obj.target'))) return 'unpacked';
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const kept = join(PREBUILDS, prebuildName(version));
  mkdirSync(PREBUILDS, { recursive: true });
  const partial = `${kept}.${process.pid}.partial`;
  execFileSync('tar', ['-czf', partial, '-C', pkg, 'build/Release/better_sqlite3.node']);
  renameSync(partial, kept);
  return 'compiled';
}
