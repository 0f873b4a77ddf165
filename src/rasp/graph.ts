/** Walking a RASP program as a graph: its nodes in dependency order, and the edges between them. */
import { RaspExpr } from './dsl';

/** Every node the program reads, each once, children before parents (iterative: deep programs are fine). */
export function topologicalOrder(root: RaspExpr): RaspExpr[] {
  const order: RaspExpr[] = [], state = new Map<RaspExpr, 'open' | 'done'>();
  const stack: [RaspExpr, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next === 0) {
      if (state.get(node) === 'done') { stack.pop(); continue; }
      state.set(node, 'open');
    }
    const children = node.children();
    if (next < children.length) {
      top[1]++;
      const child = children[next];
      if (state.get(child) !== 'done') stack.push([child, 0]);
    } else {
      stack.pop();
      if (state.get(node) !== 'done') {
        state.set(node, 'done');
        order.push(node);
      }
    }
  }
  return order;
}

/** A program as nodes and labelled edges (child → parent), for drawing and for the compiler. */
export interface ProgramGraph {
  nodes: RaspExpr[];
  edges: [RaspExpr, RaspExpr][];
}

/** The graph of everything `root` depends on. */
export function programGraph(root: RaspExpr): ProgramGraph {
  const nodes = topologicalOrder(root);
  return { nodes, edges: nodes.flatMap((n) => n.children().map((c): [RaspExpr, RaspExpr] => [c, n])) };
}
