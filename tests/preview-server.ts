// Serves the built app (dist/) with `vite preview` on a free port, for the e2e tests and the bench.
import { preview, type PreviewServer } from 'vite';

export interface RunningPreview {
  url: string;
  close(): Promise<void>;
}

export async function startPreview(): Promise<RunningPreview> {
  const server: PreviewServer = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}
