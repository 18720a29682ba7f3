// The production worker's prebuilt workflow bundle: `npm run build:workflows` (and the Dockerfile)
// writes it once with the SDK's bundler, so a worker starts without webpack and every worker of a
// release runs byte-identical workflow code. `npm start` and the tests bundle from source instead.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundleOptions } from './worker.js';

export const defaultWorkflowBundlePath = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

export async function buildWorkflowBundle(outPath = defaultWorkflowBundlePath): Promise<string> {
  const { code } = await bundleWorkflowCode(bundleOptions);
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, code);
  return outPath;
}

/** The bundle the worker loads; throws one line saying how to build it when it is missing. */
export function prebuiltWorkflowBundle(path = defaultWorkflowBundlePath): { codePath: string } {
  const codePath = resolve(path);
  if (!existsSync(codePath)) throw new Error(`no workflow bundle at ${codePath}: run \`npm run build:workflows\` first`);
  return { codePath };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildWorkflowBundle(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`workflow bundle written to ${out}`);
}
