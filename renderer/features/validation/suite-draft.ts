// A whole suite being edited: its expectations as drafts, the document they make, and the core's
// problems (JSON paths such as `$.expectations[2].kwargs.column`) pinned back on the drafts.
import type { ExpectationCatalogEntry, JsonObject, SuiteProblem } from '../../../core/api/validation-contract';
import { catalogEntryOf } from './expectation-catalog';
import { draftFromExpectation, draftToExpectation, type ExpectationDraft } from './expectation-form';

export function draftsFromDocument(document: JsonObject, catalog: readonly ExpectationCatalogEntry[] | null): ExpectationDraft[] {
  const expectations = Array.isArray(document.expectations) ? document.expectations : [];
  return expectations.flatMap((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? [draftFromExpectation(item, catalogEntryOf(catalog, String(item.type)))] : []));
}

/** A problem on one field of one expectation, or on the suite as a whole (`draftKey` null). */
export interface FieldProblem {
  draftKey: string | null;
  /** A kwarg name, "kwargs" (between kwargs), "meta", "type", or null for the whole suite. */
  field: string | null;
  message: string;
}

export interface SuiteOutput {
  document: JsonObject;
  /** Fields whose text cannot be read: nothing is sent until they are fixed. */
  problems: FieldProblem[];
}

/** The suite document with the drafts as its expectations; everything else of `base` is kept. */
export function documentFromDrafts(base: JsonObject, drafts: readonly ExpectationDraft[], catalog: readonly ExpectationCatalogEntry[] | null): SuiteOutput {
  const problems: FieldProblem[] = [];
  const expectations = drafts.map((draft) => {
    const { expectation, errors } = draftToExpectation(draft, catalogEntryOf(catalog, draft.type));
    for (const [field, message] of Object.entries(errors)) problems.push({ draftKey: draft.key, field, message });
    return expectation;
  });
  return { document: { ...base, expectations }, problems };
}

const expectationPath = /^\$\.expectations\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?/;

/** Pins the core's problems on the drafts that were sent, in the same order. */
export function problemsOnDrafts(problems: readonly SuiteProblem[], drafts: readonly ExpectationDraft[]): FieldProblem[] {
  return problems.map((problem) => {
    const match = expectationPath.exec(problem.path);
    const draft = match ? drafts[Number(match[1])] : undefined;
    if (!match || !draft) return { draftKey: null, field: null, message: `${problem.path}: ${problem.message}` };
    const [, , part, key] = match;
    const field = part === 'kwargs' ? (key ?? 'kwargs') : part === 'expectation_type' ? 'type' : (part ?? null);
    return { draftKey: draft.key, field, message: problem.message };
  });
}

/** "#3 expect_column_values_to_be_between · min_value: must be a number": a problem a person can find. */
export function describeProblem(problem: FieldProblem, drafts: readonly ExpectationDraft[]): string {
  const index = drafts.findIndex((draft) => draft.key === problem.draftKey);
  if (index < 0) return problem.message;
  const where = `#${index + 1} ${drafts[index].type}`;
  return problem.field ? `${where} · ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}
