// App entry: one Lab, one <tsl-app>, and the same Lab exposed to the headless bench.
import { Lab } from './state/lab.ts';
import './ui/tsl-app.ts';
import { labActivity } from './ui/lab-activity.ts';
import { startOfflineSupport } from './ui/offline-status.ts';

const lab = new Lab();
// The service worker (built app only): an app update waits until no run is in progress, then reloads once.
startOfflineSupport(labActivity(lab));
const app = document.createElement('tsl-app');
app.lab = lab;
document.body.append(app);

declare global {
  interface Window {
    /** The running lab, for the headless bench and end-to-end tests (same code as the UI). */
    trainServeLab: Lab;
  }
}
window.trainServeLab = lab;

// The registry (models, their measurements, the last selection) comes back from IndexedDB; a failure shows in the Models view.
void lab.startStorage().catch(() => undefined);

void lab.probeBackends().catch((err: unknown) => console.error('Backend probe failed', err));
void lab.loadDataset().catch(() => undefined);
