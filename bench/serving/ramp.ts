// The ramp the issue describes (10 % → 20 % → 50 %), observed from outside: every customer is
// scored through batch_predict at each step and the `arm` of its answer says where it landed.
import type { ChurnRecord } from './payloads.js';
import { postJson } from './node-load.js';
import type { ServingCore } from './sample-core.js';

const recordsPerRequest = 1000;

export interface RampStep {
  percent: number;
  candidates: Set<string>;
}

export interface RampTransition {
  from: number;
  to: number;
  /** Candidates at `from` still in the candidate at `to`, as a percentage of those at `from`. */
  retainedPercent: number;
  lost: number;
  membersBefore: number;
}

async function candidatesNow(core: ServingCore, customers: readonly ChurnRecord[]): Promise<Set<string>> {
  const candidates = new Set<string>();
  for (let offset = 0; offset < customers.length; offset += recordsPerRequest) {
    const batch = customers.slice(offset, offset + recordsPerRequest);
    const { body } = await postJson<{ predictions: Array<{ arm: string }> }>(`${core.inferenceUrl}/deployments/churn/batch_predict`, JSON.stringify(batch));
    if (body.predictions.length !== batch.length) throw new Error(`batch_predict answered ${body.predictions.length} results for ${batch.length} records`);
    body.predictions.forEach((prediction, index) => {
      if (prediction.arm === 'candidate') candidates.add(String(batch[index].customer_id));
      else if (prediction.arm !== 'stable') throw new Error(`unexpected arm '${prediction.arm}'`);
    });
  }
  return candidates;
}

/** The deployment starts at percents[0]; each further step is a live PATCH of the candidate's weight. */
export async function measureRamp(core: ServingCore, customers: readonly ChurnRecord[], percents: readonly number[]): Promise<{ steps: RampStep[]; transitions: RampTransition[] }> {
  const steps: RampStep[] = [];
  for (const [index, percent] of percents.entries()) {
    if (index > 0) await core.request('PATCH', '/api/deployments/churn', { percents: [percent] });
    steps.push({ percent, candidates: await candidatesNow(core, customers) });
  }
  const transitions = steps.slice(1).map((step, index) => {
    const before = steps[index];
    let lost = 0;
    for (const customer of before.candidates) if (!step.candidates.has(customer)) lost++;
    const membersBefore = before.candidates.size;
    return { from: before.percent, to: step.percent, retainedPercent: membersBefore === 0 ? 0 : (100 * (membersBefore - lost)) / membersBefore, lost, membersBefore };
  });
  return { steps, transitions };
}
