// Image-decoding worker entry: exposes DecodeService over comlink, nothing else.
import * as Comlink from 'comlink';
import { DecodeService } from '../data/decode-service.ts';

Comlink.expose(new DecodeService());
