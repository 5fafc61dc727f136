// Where Debian's Chromium lives and the flags that work headless on these GPU-less machines
// (see PLATFORM.md: these keep WebGL on SwiftShader and stop background network chatter).
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function chromiumArgs(): string[] {
  return [
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--enable-unsafe-swiftshader',
    '--enable-unsafe-webgpu',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ];
}
