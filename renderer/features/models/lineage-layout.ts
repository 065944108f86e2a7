// Places a version's lineage graph left → right: data, then the run, the version, its deployments.
// Pure geometry, so the page draws it as plain SVG and the layout is tested without a DOM.
import type { LineageGraphResponse, LineageNode } from '../../../core/api/registry-contract';

export const nodeWidth = 196;
export const nodeHeight = 56;
const columnGap = 72;
const rowGap = 20;
const padding = 8;

/** The column each kind belongs in; feature views sit with the datasets they read. */
const kindColumn: Record<LineageNode['kind'], number> = { dataset: 0, feature_view: 0, run: 1, version: 2, deployment: 3 };

export interface PlacedNode extends LineageNode {
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** An SVG path from the right side of `from` to the left side of `to`. */
  path: string;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/**
 * Columns by kind, empty ones dropped (an imported file has no run or data); each column centred
 * vertically so a single run lines up with the middle of several datasets. Edges naming a node
 * the graph lacks are left out rather than drawn to nowhere.
 */
export function layoutLineage(graph: LineageGraphResponse): LineageLayout {
  const usedColumns = [...new Set(graph.nodes.map((node) => kindColumn[node.kind] ?? 0))].sort((a, b) => a - b);
  const columns = usedColumns.map((column) => graph.nodes.filter((node) => (kindColumn[node.kind] ?? 0) === column));
  const tallest = Math.max(0, ...columns.map((nodes) => nodes.length));
  const height = tallest === 0 ? 0 : tallest * nodeHeight + (tallest - 1) * rowGap + padding * 2;
  const width = columns.length === 0 ? 0 : columns.length * nodeWidth + (columns.length - 1) * columnGap + padding * 2;

  const placed = new Map<string, PlacedNode>();
  columns.forEach((nodes, columnIndex) => {
    const columnHeight = nodes.length * nodeHeight + (nodes.length - 1) * rowGap;
    const top = (height - columnHeight) / 2;
    nodes.forEach((node, rowIndex) => {
      placed.set(node.id, { ...node, x: padding + columnIndex * (nodeWidth + columnGap), y: top + rowIndex * (nodeHeight + rowGap) });
    });
  });

  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const startX = from.x + nodeWidth;
    const startY = from.y + nodeHeight / 2;
    const endX = to.x;
    const endY = to.y + nodeHeight / 2;
    const bend = Math.max(24, (endX - startX) / 2);
    edges.push({ from: edge.from, to: edge.to, path: `M${startX} ${startY} C${startX + bend} ${startY} ${endX - bend} ${endY} ${endX} ${endY}` });
  }
  return { nodes: [...placed.values()], edges, width, height };
}
