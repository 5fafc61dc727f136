// Training worker entry: exposes the workbench over comlink, with coded errors, nothing else.
import * as Comlink from 'comlink';
import { Workbench } from '../workbench/workbench.ts';
import { sendErrorCodes } from '../workbench/protocol.ts';

sendErrorCodes();
Comlink.expose(new Workbench());
