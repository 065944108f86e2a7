import type { ArtifactEntry } from '../../../core/api/contract';
import { useRequest } from '../../api/use-request';
import { requireTracking } from '../../stores/session-store';
import { parseEvaluation, parseFeatureImportance, type Evaluation, type FeatureImportance } from './evaluation-report';

/** Generous for a many-class report (each class has three curves of at most 200 points). */
const maxReportBytes = 16 * 1024 * 1024;

export const evaluationPath = 'evaluation.json';
export const importancePath = 'feature_importance.json';
export const onnxPath = 'model/model.onnx';

export interface RunEvaluation {
  evaluation: Evaluation;
  importance: FeatureImportance[] | null;
  /** The exported ONNX model, when the run has one. */
  onnx: ArtifactEntry | null;
}

async function readJson(runId: string, path: string, signal: AbortSignal): Promise<unknown> {
  const content = await requireTracking().readArtifactText(runId, path, maxReportBytes, { signal, handledInline: () => true });
  if (content.truncated) return null;
  try {
    return JSON.parse(content.text);
  } catch {
    return null;
  }
}

/**
 * The trainer's artifacts of a run, read once it has an evaluation.json; null for runs without
 * one (logged by hand, still training) so the page shows no Evaluation section at all.
 */
export function useRunEvaluation(runId: string, runStatus: string) {
  return useRequest<RunEvaluation | null>(
    async (signal) => {
      const tracking = requireTracking();
      const root = await tracking.listArtifacts(runId, '', { signal, handledInline: () => true });
      const has = (path: string) => root.files.some((entry) => entry.path === path && !entry.is_dir);
      if (!has(evaluationPath)) return null;
      const evaluation = parseEvaluation(await readJson(runId, evaluationPath, signal));
      if (!evaluation) return null;
      const importance = has(importancePath) ? parseFeatureImportance(await readJson(runId, importancePath, signal)) : null;
      let onnx: ArtifactEntry | null = null;
      if (root.files.some((entry) => entry.path === 'model' && entry.is_dir)) {
        const model = await tracking.listArtifacts(runId, 'model', { signal, handledInline: () => true });
        onnx = model.files.find((entry) => entry.path === onnxPath) ?? null;
      }
      return { evaluation, importance, onnx };
    },
    // A run that finishes while its page is open gains its artifacts then.
    [runId, runStatus],
  );
}
