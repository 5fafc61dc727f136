// Measures page responsiveness: the longest gap between animation frames while it runs.
// Training happens in a worker; this shows (and the tests check) that the page never froze.
export class FrameGapMonitor {
  private handle = 0;
  private last = 0;
  maxGapMs = 0;
  frames = 0;

  start(): void {
    this.stop();
    // Nothing draws frames outside a page (Node tests): there is no gap to measure.
    if (typeof requestAnimationFrame === 'undefined') return;
    this.maxGapMs = 0;
    this.frames = 0;
    this.last = performance.now();
    const tick = (now: number) => {
      // Frames while the tab is hidden are throttled by the browser, not by us: skip them.
      if (document.visibilityState === 'visible') this.maxGapMs = Math.max(this.maxGapMs, now - this.last);
      this.last = now;
      this.frames++;
      this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  stop(): void {
    if (this.handle) cancelAnimationFrame(this.handle);
    this.handle = 0;
  }
}
