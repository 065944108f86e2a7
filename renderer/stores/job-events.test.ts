import { describe, expect, it } from 'vitest';
import { runningJob } from '../testing/jobs';
import { initialJobView, parseJobEvent, reduceJob, type JobAction, type JobView } from './job-events';

function fold(events: Array<[string, unknown]>, state: JobView = initialJobView(runningJob)): JobView {
  return events
    .map(([name, data]) => parseJobEvent(name, JSON.stringify(data)))
    .filter((action): action is JobAction => action !== null)
    .reduce(reduceJob, state);
}

describe('parseJobEvent', () => {
  it('reads the event kinds the core sends and skips the rest', () => {
    expect(parseJobEvent('progress', '{"type":"progress","time":1,"fraction":0.15,"message":"Fitting"}')).toEqual({
      type: 'progress',
      fraction: 0.15,
      message: 'Fitting',
    });
    expect(parseJobEvent('metric', '{"type":"metric","time":1,"data":{"step":3,"train_loss":0.5,"note":"x"}}')).toEqual({
      type: 'metric',
      step: 3,
      values: { train_loss: 0.5 },
    });
    expect(parseJobEvent('end', '{}')).toEqual({ type: 'end' });
    expect(parseJobEvent('log', '{"type":"log","time":1,"message":"hello"}')).toBeNull();
    expect(parseJobEvent('progress', 'not json')).toBeNull();
  });
});

describe('reduceJob', () => {
  it('follows progress, then takes the final summary with the run id', () => {
    const state = fold([
      ['progress', { type: 'progress', time: 1, fraction: 0.15, message: 'Fitting' }],
      ['status', { type: 'status', time: 2, message: 'succeeded', data: { ...runningJob, status: 'succeeded', fraction: 1, message: 'Finished', run_id: 'run-9' } }],
      ['end', {}],
    ]);
    expect(state).toMatchObject({ status: 'succeeded', fraction: 1, message: 'Finished', runId: 'run-9', ended: true });
  });

  it('builds one ascending series per metric and keeps replayed points once', () => {
    const metric = (step: number, train_loss: number, validation_loss: number) => ['metric', { type: 'metric', time: step, data: { step, train_loss, validation_loss } }] as [string, unknown];
    const state = fold([metric(1, 0.9, 1.0), metric(2, 0.7, 0.8), metric(1, 0.9, 1.0), metric(2, 0.7, 0.8), metric(3, 0.6, 0.75)]);
    expect(state.metrics).toEqual([
      { key: 'train_loss', steps: [1, 2, 3], values: [0.9, 0.7, 0.6] },
      { key: 'validation_loss', steps: [1, 2, 3], values: [1.0, 0.8, 0.75] },
    ]);
  });

  it('does not move the bar back when past progress is replayed after the end', () => {
    const failed = fold([
      ['status', { type: 'status', time: 2, message: 'failed', data: { ...runningJob, status: 'failed', fraction: 0.8, message: 'Bad target', error: 'Bad target' } }],
      ['progress', { type: 'progress', time: 1, fraction: 0.1, message: 'Preprocessing' }],
    ]);
    expect(failed).toMatchObject({ status: 'failed', fraction: 0.8, message: 'Bad target', error: 'Bad target', ended: true });
  });
});
