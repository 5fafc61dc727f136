// Training worker entry: exposes TrainerService over comlink, nothing else.
import * as Comlink from 'comlink';
import { TrainerService } from '../train/service.ts';

Comlink.expose(new TrainerService());
