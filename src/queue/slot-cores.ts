/**
 * Splits the grader cores among the slots, each slot a contiguous share of its own (two timing runs never
 * share a core); cores that do not divide evenly go to the first slots.
 */
export function slotCores(cores: number[], slots: number): number[][] {
  const shares: number[][] = [];
  let next = 0;
  for (let slot = 0; slot < slots; slot++) {
    const size = Math.floor(cores.length / slots) + (slot < cores.length % slots ? 1 : 0);
    shares.push(cores.slice(next, next + size));
    next += size;
  }
  return shares;
}
