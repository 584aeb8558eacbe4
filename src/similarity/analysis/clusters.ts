/**
 * Groups of three or more submissions joined by similar pairs (connected components): a copy passed
 * around a group shows up as one cluster even when not every two of its members were compared as similar.
 * Largest first; members in the order they were first seen.
 */
export function clustersOf<T extends string>(pairs: readonly { left: T; right: T }[], minSize = 3): T[][] {
  const parent = new Map<T, T>();
  const find = (x: T): T => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression keeps later finds short.
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { left, right } of pairs) {
    if (!parent.has(left)) parent.set(left, left);
    if (!parent.has(right)) parent.set(right, right);
    const a = find(left);
    const b = find(right);
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<T, T[]>();
  for (const member of parent.keys()) {
    const root = find(member);
    const group = groups.get(root);
    if (group) group.push(member);
    else groups.set(root, [member]);
  }
  return [...groups.values()].filter((group) => group.length >= minSize).sort((a, b) => b.length - a.length);
}
