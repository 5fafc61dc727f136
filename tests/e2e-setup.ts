// Vitest global setup for the e2e project: serves the built app once for every e2e test file.
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startPreview } from './preview-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dist = process.env.LAB_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) throw new Error(`${dist}/ is missing: run \`vite build\` first (npm run test:e2e does).`);
  const server = await startPreview();
  project.provide('appUrl', server.url);
  return () => server.close();
}
