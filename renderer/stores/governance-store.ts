import { create } from 'zustand';
import type { AuditEntry, AuditVerifyResponse, PolicyResponse, PolicyVersionsResponse, ReviewSummary } from '../../core/api/registry-contract';
import { ApiError } from '../api/api-error';
import type { ReviewState } from '../api/registry-api';
import { requireRegistry } from './models-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Audit entries fetched per page; the list grows by this much on "Load older". */
export const auditPageSize = 100;

export interface PolicySaveError {
  message: string;
  /** 1-based, when the core's message or details name where the YAML went wrong. */
  line: number | null;
  column: number | null;
}

interface GovernanceState {
  reviews: ReviewSummary[];
  reviewsStatus: LoadStatus;
  /** Undefined shows every state. */
  reviewFilter: ReviewState | undefined;
  setReviewFilter(state: ReviewState | undefined): void;
  loadReviews(): Promise<void>;

  policy: PolicyResponse | null;
  policyVersions: PolicyVersionsResponse['versions'];
  policyStatus: LoadStatus;
  loadPolicy(): Promise<void>;
  /** Resolves to null when saved; otherwise what was wrong (the saved policy stays in force). */
  savePolicy(document: string): Promise<PolicySaveError | null>;

  auditEntries: AuditEntry[];
  auditTotal: number;
  auditStatus: LoadStatus;
  auditLoadingMore: boolean;
  loadAudit(): Promise<void>;
  loadOlderAudit(): Promise<void>;

  verification: AuditVerifyResponse | null;
  verifying: boolean;
  verifyError: string | null;
  verifyAudit(): Promise<void>;
}

/** Pending reviews first (they need someone), then the rest, newest first within each group. */
export function orderReviews(reviews: readonly ReviewSummary[]): ReviewSummary[] {
  const rank = (review: ReviewSummary) => (review.state === 'pending_review' ? 0 : review.state === 'checking' ? 1 : 2);
  return [...reviews].sort((a, b) => rank(a) - rank(b) || b.submitted_time - a.submitted_time);
}

/** The YAML parser's position, from the envelope's details or from "at line 3, column 7" in its message. */
export function policyErrorOf(error: unknown): PolicySaveError {
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : {};
  const fromDetails = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : null);
  const lineMatch = /line (\d+)/i.exec(message);
  const columnMatch = /col(?:umn)? (\d+)/i.exec(message);
  return {
    message,
    line: fromDetails('line') ?? (lineMatch ? Number(lineMatch[1]) : null),
    column: fromDetails('column') ?? (columnMatch ? Number(columnMatch[1]) : null),
  };
}

export const useGovernanceStore = create<GovernanceState>((set, get) => ({
  reviews: [],
  reviewsStatus: 'idle',
  reviewFilter: undefined,
  setReviewFilter(state) {
    if (state === get().reviewFilter) return;
    set({ reviewFilter: state, reviewsStatus: 'loading', reviews: [] });
    void get().loadReviews();
  },
  async loadReviews() {
    if (get().reviewsStatus === 'idle') set({ reviewsStatus: 'loading' });
    const filter = get().reviewFilter;
    try {
      const { reviews } = await requireRegistry().listReviews(filter);
      // A filter changed while this was in flight: its own request will answer.
      if (get().reviewFilter !== filter) return;
      set({ reviews: orderReviews(reviews), reviewsStatus: 'ready' });
    } catch {
      if (get().reviewFilter === filter) set({ reviewsStatus: get().reviews.length > 0 ? 'ready' : 'failed' });
    }
  },

  policy: null,
  policyVersions: [],
  policyStatus: 'idle',
  async loadPolicy() {
    if (get().policyStatus === 'idle') set({ policyStatus: 'loading' });
    try {
      const [policy, { versions }] = await Promise.all([requireRegistry().policy(), requireRegistry().policyVersions()]);
      set({ policy, policyVersions: versions, policyStatus: 'ready' });
    } catch {
      set({ policyStatus: get().policy ? 'ready' : 'failed' });
    }
  },
  async savePolicy(document) {
    try {
      const policy = await requireRegistry().savePolicy(document, { handledInline: (error) => error.status === 400 });
      set({ policy });
      void get().loadPolicy();
      return null;
    } catch (error) {
      return policyErrorOf(error);
    }
  },

  auditEntries: [],
  auditTotal: 0,
  auditStatus: 'idle',
  auditLoadingMore: false,
  async loadAudit() {
    if (get().auditStatus === 'idle') set({ auditStatus: 'loading' });
    try {
      const { entries, total } = await requireRegistry().audit({ limit: auditPageSize });
      set({ auditEntries: entries, auditTotal: total, auditStatus: 'ready' });
    } catch {
      set({ auditStatus: get().auditEntries.length > 0 ? 'ready' : 'failed' });
    }
  },
  async loadOlderAudit() {
    const { auditEntries, auditLoadingMore } = get();
    const oldest = auditEntries.at(-1);
    if (auditLoadingMore || !oldest) return;
    set({ auditLoadingMore: true });
    try {
      const { entries, total } = await requireRegistry().audit({ before: oldest.seq, limit: auditPageSize });
      set((state) => ({ auditEntries: [...state.auditEntries, ...entries.filter((entry) => entry.seq < oldest.seq)], auditTotal: total }));
    } finally {
      set({ auditLoadingMore: false });
    }
  },

  verification: null,
  verifying: false,
  verifyError: null,
  async verifyAudit() {
    if (get().verifying) return;
    set({ verifying: true, verifyError: null });
    try {
      const verification = await requireRegistry().verifyAudit({ handledInline: () => true });
      set({ verification });
    } catch (error) {
      set({ verification: null, verifyError: error instanceof Error ? error.message : String(error) });
    } finally {
      set({ verifying: false });
    }
  },
}));
