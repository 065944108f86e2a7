// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { RunRow } from '../../../core/api/contract';
import { mountPerTest } from '../../testing/react-root';
import { buildColumns } from './run-columns';
import { rowHeight, RunsTable, type RunsTableProps } from './runs-table';

function makeRuns(count: number): RunRow[] {
  return Array.from({ length: count }, (_, index) => ({
    run_id: `run-${index}`,
    run_name: `sweep-${index}`,
    experiment_id: '1',
    status: 'FINISHED',
    start_time: 1_700_000_000_000 + index,
    end_time: 1_700_000_060_000 + index,
    user_id: 'ada',
    parent_run_id: null,
    lifecycle_stage: 'active',
    artifact_uri: '',
    params: { lr: '0.1' },
    metrics: { accuracy: 0.9 },
    tags: {},
  }));
}

describe('RunsTable', () => {
  const dom = mountPerTest();

  function render(overrides: Partial<RunsTableProps> = {}) {
    const rows = makeRuns(10_000);
    const props: RunsTableProps = {
      rows,
      expectedCount: rows.length,
      columns: buildColumns({ attributes: ['status'], metrics: ['accuracy'], params: ['lr'], tags: [] }),
      sort: null,
      onSort: vi.fn(),
      selected: new Set(['run-1']),
      cursor: 0,
      onCursor: vi.fn(),
      onToggle: vi.fn(),
      onToggleAll: vi.fn(),
      context: { parentNames: new Map(), now: 1_700_000_100_000 },
      resetKey: 'a',
      ...overrides,
    };
    act(() => dom.root.render(<RunsTable {...props} />));
    return props;
  }

  const renderedIds = () => [...dom.container.querySelectorAll<HTMLElement>('[data-testid="run-row"]')].map((row) => row.dataset.runId);

  it('puts only a window of 10,000 runs in the DOM, sized for all of them', () => {
    render();
    const ids = renderedIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(60);
    expect(ids[0]).toBe('run-0');
    const body = dom.container.querySelector<HTMLElement>('.runs-body');
    expect(body?.style.height).toBe(`${10_000 * rowHeight}px`);
  });

  it('renders the rows at the scroll position and drops the ones above', () => {
    render();
    const scroller = dom.container.querySelector<HTMLElement>('.runs-scroller')!;
    act(() => {
      scroller.scrollTop = 5000 * rowHeight;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const ids = renderedIds();
    expect(ids).toContain('run-5000');
    expect(ids).not.toContain('run-0');
    expect(ids.length).toBeLessThan(60);
  });

  it('marks selected rows and reports checkbox clicks with the shift key for ranges', () => {
    const props = render();
    const row = dom.container.querySelector<HTMLElement>('[data-run-id="run-1"]')!;
    expect(row.getAttribute('aria-selected')).toBe('true');
    const checkbox = dom.container.querySelector<HTMLInputElement>('[data-run-id="run-3"] input[type="checkbox"]')!;
    act(() => checkbox.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true })));
    expect(props.onToggle).toHaveBeenCalledWith(3, true);
  });

  it('sorts through the header of a sortable column', () => {
    const props = render();
    const header = dom.container.querySelector<HTMLButtonElement>('[data-column-id="metric:accuracy"]')!;
    act(() => header.click());
    expect(props.onSort).toHaveBeenCalledWith(expect.objectContaining({ id: 'metric:accuracy', sortKey: 'metrics.accuracy' }));
  });
});
