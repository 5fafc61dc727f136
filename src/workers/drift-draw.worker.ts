// Drift drawing worker entry: exposes DriftDrawService over comlink, nothing else.
import * as Comlink from 'comlink';
import { DriftDrawService } from '../data/drift-draw-service.ts';

Comlink.expose(new DriftDrawService());
