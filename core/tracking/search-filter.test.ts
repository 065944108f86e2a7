import { describe, expect, it } from 'vitest';
import { ValidationError } from '../api/errors.js';
import { parseExperimentFilter, parseExperimentOrderBy, parseOrderBy, parseRunFilter } from './search-filter.js';

/** Runs `parse` expecting a ValidationError; returns its message and details for assertions. */
function rejection(parse: () => unknown): { message: string; details: Record<string, unknown> } {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.code).toBe('INVALID_PARAMETER_VALUE');
    return { message: validation.message, details: validation.details ?? {} };
  }
  throw new Error('expected the parser to reject the input');
}

describe('parseRunFilter: the reference examples', () => {
  it('parses a metric and a param clause joined by lower-case and', () => {
    expect(parseRunFilter("metrics.rmse < 1 and params.model_class = 'LogisticRegression'")).toEqual([
      { kind: 'metric', key: 'rmse', op: '<', value: 1 },
      { kind: 'param', key: 'model_class', op: '=', value: 'LogisticRegression' },
    ]);
  });

  it('parses a double-quoted tag key and an attribute', () => {
    expect(parseRunFilter(`tags."user-name" = 'Tomas' AND attributes.status = 'FINISHED'`)).toEqual([
      { kind: 'tag', key: 'user-name', op: '=', value: 'Tomas' },
      { kind: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
    ]);
  });

  it('parses run_id IN and a backtick-quoted metric key', () => {
    expect(parseRunFilter("attributes.run_id IN ('2a14ed5c', 'f00d') and metrics.`val loss` <= 0.25")).toEqual([
      { kind: 'attribute', key: 'run_id', op: 'IN', value: ['2a14ed5c', 'f00d'] },
      { kind: 'metric', key: 'val loss', op: '<=', value: 0.25 },
    ]);
  });

  it('parses bare attributes, ILIKE and a dataset context', () => {
    expect(
      parseRunFilter("run_name ILIKE '%fox%' and start_time > 1700000000000 and datasets.context = 'train'"),
    ).toEqual([
      { kind: 'attribute', key: 'run_name', op: 'ILIKE', value: '%fox%' },
      { kind: 'attribute', key: 'start_time', op: '>', value: 1700000000000 },
      { kind: 'dataset', key: 'context', op: '=', value: 'train' },
    ]);
  });
});

describe('parseRunFilter: identifiers, keys and values', () => {
  it('treats an empty or blank filter as no clauses', () => {
    expect(parseRunFilter('')).toEqual([]);
    expect(parseRunFilter('  \n\t ')).toEqual([]);
  });

  it.each([
    ['metric.a > 1', 'metric'],
    ['metrics.a > 1', 'metric'],
    ["parameter.a = 'x'", 'param'],
    ["parameters.a = 'x'", 'param'],
    ["param.a = 'x'", 'param'],
    ["params.a = 'x'", 'param'],
    ["tag.a = 'x'", 'tag'],
    ["tags.a = 'x'", 'tag'],
    ["attribute.status = 'x'", 'attribute'],
    ["attributes.status = 'x'", 'attribute'],
    ["attr.status = 'x'", 'attribute'],
    ["run.status = 'x'", 'attribute'],
    ["status = 'x'", 'attribute'],
    ["dataset.name = 'x'", 'dataset'],
    ["datasets.digest = 'x'", 'dataset'],
  ])('reads the identifier of %s', (filter, kind) => {
    expect(parseRunFilter(filter)[0].kind).toBe(kind);
  });

  it.each([
    ["attributes.`run name` = 'x'", 'run_name'],
    ['attributes."Run name" = \'x\'', 'run_name'],
    ["`Run Name` = 'x'", 'run_name'],
    ['"run name" = \'x\'', 'run_name'],
    ['created > 5', 'start_time'],
    ['Created > 5', 'start_time'],
    ['attributes.end_time < 5', 'end_time'],
    ["user_id = 'x'", 'user_id'],
    ["artifact_uri LIKE 'x%'", 'artifact_uri'],
    ["run_id = 'x'", 'run_id'],
  ])('maps the attribute in %s to %s', (filter, key) => {
    expect(parseRunFilter(filter)[0].key).toBe(key);
  });

  it('keeps dots in an unquoted key after the identifier, as in mlflow.runName', () => {
    expect(parseRunFilter("tags.mlflow.runName = 'x'")[0]).toEqual({
      kind: 'tag',
      key: 'mlflow.runName',
      op: '=',
      value: 'x',
    });
  });

  it('reads negative, decimal and exponent numbers', () => {
    const values = parseRunFilter('metrics.a > -1.5 and metrics.b < .5 and metrics.c >= 2e-3 and metrics.d != 10').map(
      (clause) => clause.value,
    );
    expect(values).toEqual([-1.5, 0.5, 0.002, 10]);
  });

  it('accepts every numeric and string operator, keywords in any case', () => {
    const ops = parseRunFilter(
      "metrics.a = 1 and metrics.a != 1 and metrics.a < 1 and metrics.a <= 1 and metrics.a > 1 and metrics.a >= 1 AND params.p like 'x' aNd params.p ilike 'x' and datasets.name not in ('x') and run_id in ('y')",
    ).map((clause) => clause.op);
    expect(ops).toEqual(['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'ILIKE', 'NOT IN', 'IN']);
  });

  it('accepts double-quoted values and doubled quotes inside a string', () => {
    expect(parseRunFilter(`params.a = "it's" and tags.b = 'say ''hi'''`).map((clause) => clause.value)).toEqual([
      "it's",
      "say 'hi'",
    ]);
  });
});

describe('parseRunFilter: unsupported constructs are rejected with a position', () => {
  it('names OR with the position of the word', () => {
    const { message, details } = rejection(() => parseRunFilter("metrics.rmse < 1 OR params.a = 'b'"));
    expect(message).toBe('Invalid filter at position 17 (near "OR"): expected AND');
    expect(details).toEqual({ position: 17, expected: 'AND' });
  });

  it.each([
    ['parentheses around a clause', '(metrics.a > 1)', 0],
    ['parentheses around a value', 'metrics.a > (1)', 12],
    ['a leading NOT', 'NOT metrics.a > 1', 0],
    ['NOT LIKE', "params.a NOT LIKE 'x'", 9],
    ['IS NULL in run search', 'tags.a IS NULL', 7],
    ['IN on a param', "params.a IN ('x')", 9],
    ['IN on a run attribute other than run_id', "status IN ('x')", 7],
    ['LIKE on a metric', "metrics.a LIKE '1'", 10],
    ['< on a param', "params.a < 'x'", 9],
    ['a string for a metric', "metrics.a > '1'", 12],
    ['a string for a numeric attribute', "start_time > '1'", 13],
    ['a number for a param', 'params.a = 1', 11],
    ['a number for a string attribute', 'status = 1', 9],
    ['a backtick-quoted value', 'params.a = `x`', 11],
    ['field against field', 'metrics.a > metrics.b', 12],
    ['arithmetic', 'metrics.a > 1 + 2', 14],
    ['an unknown identifier', "foo.bar = 'x'", 0],
    ['an unknown attribute', "attributes.foo = 'x'", 11],
    ['an unknown bare attribute', "experiment = 'x'", 0],
    ['an unknown dataset key', "datasets.source = 'x'", 9],
    ['trailing garbage', 'metrics.a > 1 garbage', 14],
    ['a dangling AND', 'metrics.a > 1 AND', 17],
    ['an unterminated string', "params.a = 'x", 11],
    ['an empty IN list', 'run_id IN ()', 11],
    ['a trailing comma in a list', "run_id IN ('a',)", 15],
    ['an identifier without a key', 'metrics. > 1', 9],
    ['a value on the left', "'x' = params.a", 0],
    ['a missing value', 'metrics.a >', 11],
    ['a missing operator', 'metrics.a 1', 10],
    ['an unknown character', "params.a = 'x' ; drop", 15],
  ])('rejects %s', (_name, filter, position) => {
    const { message, details } = rejection(() => parseRunFilter(filter));
    expect(details.position).toBe(position);
    expect(typeof details.expected).toBe('string');
    expect(message).toMatch(new RegExp(`^Invalid filter at position ${position} \\((near ".+"|at end of input)\\): expected `));
  });

  it('lists the allowed operators when one does not fit the field', () => {
    expect(rejection(() => parseRunFilter("metrics.a LIKE '1'")).message).toContain(
      'expected one of =, !=, <, <=, >, >=',
    );
  });
});

describe('parseOrderBy', () => {
  it('parses the reference example with ASC as the default', () => {
    expect(parseOrderBy(['metrics.rmse', 'params.lr DESC', 'tags.x', 'attributes.start_time ASC'])).toEqual([
      { kind: 'metric', key: 'rmse', direction: 'ASC' },
      { kind: 'param', key: 'lr', direction: 'DESC' },
      { kind: 'tag', key: 'x', direction: 'ASC' },
      { kind: 'attribute', key: 'start_time', direction: 'ASC' },
    ]);
  });

  it('accepts quoted keys, aliases, bare attributes and lower-case directions', () => {
    expect(parseOrderBy(['metrics.`val loss` desc', 'tags."user-name"', 'created', '`Run name` asc', 'end_time'])).toEqual([
      { kind: 'metric', key: 'val loss', direction: 'DESC' },
      { kind: 'tag', key: 'user-name', direction: 'ASC' },
      { kind: 'attribute', key: 'start_time', direction: 'ASC' },
      { kind: 'attribute', key: 'run_name', direction: 'ASC' },
      { kind: 'attribute', key: 'end_time', direction: 'ASC' },
    ]);
  });

  it.each([
    ['datasets.name', 0],
    ['attributes.experiment_id', 11],
    ['metrics.rmse sideways', 13],
    ['metrics.rmse DESC DESC', 18],
    ['foo.bar', 0],
    ['', 0],
  ])('rejects %j at position %i', (item, position) => {
    const { message, details } = rejection(() => parseOrderBy([item]));
    expect(details.position).toBe(position);
    expect(message).toContain(`Invalid order_by ${JSON.stringify(item)} at position ${position}`);
  });
});

describe('parseExperimentFilter', () => {
  it('parses the reference example', () => {
    expect(parseExperimentFilter("name LIKE 'churn%' and tags.team IS NOT NULL")).toEqual([
      { kind: 'attribute', key: 'name', op: 'LIKE', value: 'churn%' },
      { kind: 'tag', key: 'team', op: 'IS NOT NULL', value: null },
    ]);
  });

  it('reads name, times and tags with every allowed operator', () => {
    expect(
      parseExperimentFilter(
        "attributes.name != 'a' and attribute.name ILIKE 'b' and creation_time >= 5 and last_update_time < 9 and tags.`the team` is null and tag.x = 'y'",
      ),
    ).toEqual([
      { kind: 'attribute', key: 'name', op: '!=', value: 'a' },
      { kind: 'attribute', key: 'name', op: 'ILIKE', value: 'b' },
      { kind: 'attribute', key: 'creation_time', op: '>=', value: 5 },
      { kind: 'attribute', key: 'last_update_time', op: '<', value: 9 },
      { kind: 'tag', key: 'the team', op: 'IS NULL', value: null },
      { kind: 'tag', key: 'x', op: '=', value: 'y' },
    ]);
  });

  it.each([
    ['metrics.a > 1', 0],
    ["name > 'a'", 5],
    ['name IS NULL', 5],
    ["lifecycle_stage = 'active'", 0],
    ["creation_time = '5'", 16],
    ["tags.a IN ('x')", 7],
    ["name = 'a' OR name = 'b'", 11],
    ['tags.a IS NOT 5', 14],
  ])('rejects %j at position %i', (filter, position) => {
    expect(rejection(() => parseExperimentFilter(filter)).details.position).toBe(position);
  });
});

describe('parseExperimentOrderBy', () => {
  it('accepts the four sortable attributes with or without a prefix', () => {
    expect(
      parseExperimentOrderBy(['name', 'attributes.experiment_id DESC', 'creation_time asc', 'attr.last_update_time']),
    ).toEqual([
      { key: 'name', direction: 'ASC' },
      { key: 'experiment_id', direction: 'DESC' },
      { key: 'creation_time', direction: 'ASC' },
      { key: 'last_update_time', direction: 'ASC' },
    ]);
  });

  it.each([
    ['tags.team', 0],
    ['artifact_location', 0],
    ['name up', 5],
  ])('rejects %j at position %i', (item, position) => {
    expect(rejection(() => parseExperimentOrderBy([item])).details.position).toBe(position);
  });
});
