import { useEffect, useState } from 'react';
import { useRequest } from '../../api/use-request';
import { useDatasetsStore } from '../../stores/datasets-store';
import { requireDatasets } from '../../stores/session-store';

export interface DatasetChoice {
  datasets: string[];
  dataset: string;
  setDataset(name: string): void;
  /** Newest first. */
  versions: number[];
  /** 0 until the versions are known. */
  version: number;
  setVersion(version: number): void;
  /** The chosen version's column names: what column pickers offer. */
  columns: string[];
}

/** The dataset version a suite is edited against and run on; starts at `preferred` (the suite's last run) or the newest dataset. */
export function useDatasetChoice(preferred: { dataset: string; version: number } | null): DatasetChoice {
  const summaries = useDatasetsStore((state) => state.datasets);
  const load = useDatasetsStore((state) => state.load);
  useEffect(() => void load(), [load]);
  const [picked, setPicked] = useState<{ dataset: string; version: number } | null>(null);
  const dataset = picked?.dataset ?? preferred?.dataset ?? summaries[0]?.name ?? '';

  const detail = useRequest(dataset ? (signal) => requireDatasets().detail(dataset, { signal }) : null, [dataset]);
  const versions = dataset && detail.data?.dataset.name === dataset ? detail.data.versions.map((entry) => entry.version) : [];
  const wanted = picked ? picked.version : preferred?.dataset === dataset ? preferred.version : 0;
  const version = versions.includes(wanted) ? wanted : (versions[0] ?? 0);

  const schema = useRequest(version > 0 ? (signal) => requireDatasets().version(dataset, version, { signal }) : null, [dataset, version]);
  const columns = schema.data && schema.data.version.name === dataset && schema.data.version.version === version ? schema.data.schema.map((column) => column.name) : [];

  return {
    datasets: summaries.map((summary) => summary.name),
    dataset,
    setDataset: (name) => setPicked({ dataset: name, version: 0 }),
    versions,
    version,
    setVersion: (next) => setPicked({ dataset, version: next }),
    columns,
  };
}
