// The worker-pool entry for point-in-time joins (ARCHITECTURE rule 3): a join over millions of rows
// must not stall the core's event loop. Tables are typed arrays, so they cross threads by
// structured clone; named errors keep their code across the boundary (core/workers/worker-entry.ts).
import type { Table } from '../datasets/table.js';
import { getHistoricalFeatures, type HistoricalRequest } from './point-in-time.js';

export async function pointInTimeJoin(request: HistoricalRequest): Promise<Table> {
  return getHistoricalFeatures(request);
}
