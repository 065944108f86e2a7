import { create } from 'zustand';
import type { VersionSummary } from '../../core/api/registry-contract';
import type { DeploymentSummary, RolloutRequest, UpdateDeploymentRequest } from '../../core/api/serving-contract';
import { ServingApi } from '../api/serving-api';
import { requireRegistry } from './models-store';
import { requireTracking } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

let serving: ServingApi | null = null;

/** The deployment routes share the session's client, built on first use like the registry's. */
export function requireServing(): ServingApi {
  const { client } = requireTracking();
  if (serving?.client !== client) serving = new ServingApi(client);
  return serving;
}

/** Errors a form or control explains next to itself (bad input, a taken name, a missing version). */
const inline = { handledInline: (error: { status: number }) => error.status >= 400 && error.status < 500 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves to the error's message, or null on success. */
export type ActionResult = Promise<string | null>;

interface DeploymentsState {
  deployments: DeploymentSummary[];
  /** The inference listener's base URL. */
  inferenceUrl: string | null;
  status: LoadStatus;
  load(): Promise<void>;
  /** The create dialog, open with an optional model and version already picked. */
  createPrefill: { model: string; version: number | null } | null;
  openCreate(prefill?: { model: string; version: number | null }): void;
  closeCreate(): void;
  createDeployment(request: { name: string; model: string; version: number }): Promise<DeploymentSummary | string>;
  update(name: string, request: UpdateDeploymentRequest): ActionResult;
  rollout(name: string, request: RolloutRequest): ActionResult;
  promote(name: string): ActionResult;
  rollback(name: string): ActionResult;
  remove(name: string): ActionResult;
  /** Registry versions per model name, for the version pickers. */
  versions: Record<string, VersionSummary[]>;
  loadVersions(model: string): Promise<void>;
}

export const useDeploymentsStore = create<DeploymentsState>((set, get) => {
  const replace = (deployment: DeploymentSummary) =>
    set((state) => ({
      deployments: state.deployments.some((entry) => entry.name === deployment.name)
        ? state.deployments.map((entry) => (entry.name === deployment.name ? deployment : entry))
        : [...state.deployments, deployment],
    }));
  const act = async (call: () => Promise<{ deployment: DeploymentSummary }>): ActionResult => {
    try {
      replace((await call()).deployment);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  };
  return {
    deployments: [],
    inferenceUrl: null,
    status: 'idle',
    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const { deployments, inference_url } = await requireServing().list();
        set({ deployments, inferenceUrl: inference_url, status: 'ready' });
      } catch {
        set({ status: get().status === 'ready' ? 'ready' : 'failed' });
      }
    },
    createPrefill: null,
    openCreate(prefill) {
      set({ createPrefill: prefill ?? { model: '', version: null } });
    },
    closeCreate() {
      set({ createPrefill: null });
    },
    async createDeployment(request) {
      try {
        const { deployment } = await requireServing().create(request, inline);
        replace(deployment);
        return deployment;
      } catch (error) {
        return messageOf(error);
      }
    },
    update: (name, request) => act(() => requireServing().update(name, request, inline)),
    rollout: (name, request) => act(() => requireServing().rollout(name, request, inline)),
    promote: (name) => act(() => requireServing().promote(name, inline)),
    rollback: (name) => act(() => requireServing().rollback(name, inline)),
    async remove(name) {
      try {
        await requireServing().remove(name, inline);
        set((state) => ({ deployments: state.deployments.filter((entry) => entry.name !== name) }));
        return null;
      } catch (error) {
        return messageOf(error);
      }
    },
    versions: {},
    async loadVersions(model) {
      if (!model) return;
      try {
        const { versions } = await requireRegistry().model(model, inline);
        set((state) => ({ versions: { ...state.versions, [model]: [...versions].sort((a, b) => b.version - a.version) } }));
      } catch {
        // The picker shows no versions; the registry page explains a missing model.
      }
    },
  };
});
