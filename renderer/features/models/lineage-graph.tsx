import { useMemo } from 'react';
import type { LineageNode } from '../../../core/api/registry-contract';
import { useRequest } from '../../api/use-request';
import { requireRegistry } from '../../stores/models-store';
import { Icon, type IconName } from '../../ui/icons';
import { layoutLineage, nodeHeight, nodeWidth } from './lineage-layout';
import './lineage-graph.css';

const kindIcons: Record<LineageNode['kind'], IconName> = {
  dataset: 'database',
  feature_view: 'table',
  run: 'flask',
  version: 'file',
  deployment: 'external',
};

const kindLabels: Record<LineageNode['kind'], string> = {
  dataset: 'Dataset',
  feature_view: 'Feature view',
  run: 'Run',
  version: 'Model version',
  deployment: 'Deployment',
};

/** Only hash routes of this app are followed; anything else from the core is shown unlinked. */
function safeLink(link: string | undefined): string | undefined {
  return link && link.startsWith('#/') ? link : undefined;
}

/** Where the version came from and where it went: data → run → version → deployments, left to right. */
export function LineageGraph({ name, version }: { name: string; version: number }) {
  const graph = useRequest((signal) => requireRegistry().lineage(name, version, { signal }), [name, version]);
  const layout = useMemo(() => (graph.data ? layoutLineage(graph.data) : null), [graph.data]);

  return (
    <section className="card">
      <div className="card-header">
        <h2>Lineage</h2>
      </div>
      {layout ? (
        <div className="lineage-scroll">
          <div className="lineage-graph" style={{ width: layout.width, height: layout.height }} data-testid="lineage-graph" role="list">
            <svg className="lineage-edges" width={layout.width} height={layout.height} aria-hidden="true">
              <defs>
                <marker id="lineage-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                  <path d="M0 0L8 4L0 8z" className="lineage-arrow" />
                </marker>
              </defs>
              {layout.edges.map((edge) => (
                <path key={`${edge.from}->${edge.to}`} d={edge.path} className="lineage-edge" markerEnd="url(#lineage-arrow)" />
              ))}
            </svg>
            {layout.nodes.map((node) => {
              const href = safeLink(node.link);
              const content = (
                <>
                  <span className="lineage-node-kind">
                    <Icon name={kindIcons[node.kind] ?? 'file'} size={12} />
                    {kindLabels[node.kind] ?? node.kind}
                  </span>
                  <span className="lineage-node-label truncate" title={node.label}>
                    {node.label}
                  </span>
                  <span className="lineage-node-detail faint truncate" title={node.detail}>
                    {node.detail}
                  </span>
                </>
              );
              const style = { left: node.x, top: node.y, width: nodeWidth, height: nodeHeight };
              const className = `lineage-node lineage-${node.kind}`;
              return (
                <div key={node.id} role="listitem">
                  {href ? (
                    <a className={`${className} is-link`} style={style} href={href} data-testid="lineage-node" data-kind={node.kind}>
                      {content}
                    </a>
                  ) : (
                    <div className={className} style={style} data-testid="lineage-node" data-kind={node.kind}>
                      {content}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      ) : graph.error ? (
        <p className="card-note">Could not load the lineage.</p>
      ) : (
        <div className="card-body">
          <span className="spinner" />
        </div>
      )}
    </section>
  );
}
