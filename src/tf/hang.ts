// The fault drill both workers share: block this thread for good, as a hung kernel would. Only
// terminating the worker ends it, which is what the watchdogs on the page are there to do.
export function hangThisThread(): void {
  const until = Number.POSITIVE_INFINITY;
  while (performance.now() < until) {
    // Spinning on purpose: nothing else runs in this worker again.
  }
}
