// Which parts of a page a rescan takes: the dirty nodes, without those inside another.

/** Drops roots that lie inside another root (they are rescanned with it). */
export function minimalRoots(nodes: Node[]): Node[] {
  if (nodes.length < 2) return nodes;
  return nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n)));
}
