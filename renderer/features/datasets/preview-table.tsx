import type { DatasetPreviewResponse } from '../../../core/api/contract';
import { columnTypeLabels, formatCell } from './column-values';

/** The first rows as the core read them; a bounded box that scrolls both ways with a sticky header. */
export function PreviewTable({ preview }: { preview: DatasetPreviewResponse }) {
  if (preview.rows.length === 0) return <p className="card-note">This version has no rows.</p>;
  return (
    <div className="preview-scroll">
      <table className="data-table sticky-header preview-table" data-testid="preview-table">
        <thead>
          <tr>
            <th className="preview-index numeric" aria-label="Row" />
            {preview.columns.map((column) => (
              <th key={column.name} className={column.type === 'numeric' ? 'numeric' : undefined}>
                <span className="preview-column-name">{column.name}</span>
                <span className="preview-column-type">{columnTypeLabels[column.type]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              <td className="preview-index numeric faint">{rowIndex + 1}</td>
              {row.map((cell, index) => {
                const type = preview.columns[index]?.type ?? 'text';
                return (
                  <td key={index} className={`${type === 'numeric' ? 'numeric ' : ''}${cell === null ? 'preview-missing' : ''}`} title={cell === null ? 'missing' : undefined}>
                    {cell === null ? 'null' : formatCell(cell, type)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
