// Serving worker entry: exposes the InferenceServer over comlink, nothing else.
import * as Comlink from 'comlink';
import { InferenceServer } from '../serve/server.ts';

Comlink.expose(new InferenceServer());
