import { describe, expect, it } from 'vitest';
import type { LineageGraphResponse } from '../../../core/api/registry-contract';
import { layoutLineage, nodeHeight, nodeWidth } from './lineage-layout';

const trained: LineageGraphResponse = {
  nodes: [
    { id: 'version', kind: 'version', label: 'churn v3', detail: '' },
    { id: 'train', kind: 'dataset', label: 'churn v2', detail: 'train', link: '#/datasets/churn/2' },
    { id: 'evaluation', kind: 'dataset', label: 'holdout v1', detail: 'evaluation' },
    { id: 'run', kind: 'run', label: 'gbdt-7', detail: '', link: '#/runs/abc' },
    { id: 'deployment', kind: 'deployment', label: 'prod', detail: '' },
  ],
  edges: [
    { from: 'train', to: 'run' },
    { from: 'evaluation', to: 'version' },
    { from: 'run', to: 'version' },
    { from: 'version', to: 'deployment' },
    { from: 'run', to: 'missing' },
  ],
};

describe('lineage layout', () => {
  it('reads left to right: data, run, version, deployments', () => {
    const { nodes } = layoutLineage(trained);
    const x = (id: string) => nodes.find((node) => node.id === id)!.x;
    expect(x('train')).toBe(x('evaluation'));
    expect(x('train')).toBeLessThan(x('run'));
    expect(x('run')).toBeLessThan(x('version'));
    expect(x('version')).toBeLessThan(x('deployment'));
  });

  it('centres a lone run against the two datasets and keeps nodes from overlapping', () => {
    const { nodes, height } = layoutLineage(trained);
    const node = (id: string) => nodes.find((candidate) => candidate.id === id)!;
    const datasetsMiddle = (node('train').y + node('evaluation').y + nodeHeight) / 2;
    expect(node('run').y + nodeHeight / 2).toBeCloseTo(datasetsMiddle);
    expect(node('evaluation').y).toBeGreaterThanOrEqual(node('train').y + nodeHeight);
    expect(height).toBeGreaterThanOrEqual(node('evaluation').y + nodeHeight);
  });

  it('draws edges from right side to left side and drops edges to unknown nodes', () => {
    const { nodes, edges } = layoutLineage(trained);
    expect(edges).toHaveLength(4);
    const run = nodes.find((node) => node.id === 'run')!;
    const edge = edges.find((candidate) => candidate.from === 'run' && candidate.to === 'version')!;
    expect(edge.path.startsWith(`M${run.x + nodeWidth} ${run.y + nodeHeight / 2}`)).toBe(true);
  });

  it('closes the gaps of an imported file: the version stands alone in the first column', () => {
    const layout = layoutLineage({ nodes: [{ id: 'v', kind: 'version', label: 'm v1', detail: 'imported' }], edges: [] });
    expect(layout.nodes[0].x).toBe(8);
    expect(layout.width).toBe(nodeWidth + 16);
    expect(layoutLineage({ nodes: [], edges: [] })).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});
