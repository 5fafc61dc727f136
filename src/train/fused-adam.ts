// The fused Adam step for the trainer: it lives in src/tf/fused-adam.ts, below train/ and prune/,
// so the prune fine-tune steps Adam the same way training does.
export { applyFusedAdam, FusedAdam, fusedAdamAvailable } from '../tf/fused-adam.ts';
