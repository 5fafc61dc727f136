// The Lab controller shared with every view through @lit/context (no globals in views).
import { createContext } from '@lit/context';
import type { Lab } from '../state/lab.ts';

export const labContext = createContext<Lab>('tsl-lab');
