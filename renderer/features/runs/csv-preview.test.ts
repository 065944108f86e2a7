import { describe, expect, it } from 'vitest';
import { artifactKind, looksBinary } from './artifact-kind';
import { parseCsvPreview } from './csv-preview';

describe('parseCsvPreview', () => {
  it('splits header and rows, honouring quotes, doubled quotes and CRLF', () => {
    const preview = parseCsvPreview('id,name,note\r\n1,"Smith, J","said ""hi"""\r\n2,Lee,\r\n', 10);
    expect(preview.header).toEqual(['id', 'name', 'note']);
    expect(preview.rows).toEqual([
      ['1', 'Smith, J', 'said "hi"'],
      ['2', 'Lee', ''],
    ]);
    expect(preview.truncated).toBe(false);
  });

  it('keeps newlines inside quoted fields', () => {
    expect(parseCsvPreview('a,b\n"line 1\nline 2",x', 5).rows).toEqual([['line 1\nline 2', 'x']]);
  });

  it('stops after the requested rows and says there are more', () => {
    const text = ['n', ...Array.from({ length: 500 }, (_, index) => String(index))].join('\n');
    const preview = parseCsvPreview(text, 100);
    expect(preview.rows).toHaveLength(100);
    expect(preview.rows[99]).toEqual(['99']);
    expect(preview.truncated).toBe(true);
  });

  it('drops the partial last line of a file cut at the byte limit', () => {
    const preview = parseCsvPreview('a,b\n1,2\n3,', 10, { complete: false });
    expect(preview.rows).toEqual([['1', '2']]);
    expect(preview.truncated).toBe(true);
  });

  it('reads tab-separated files', () => {
    expect(parseCsvPreview('a\tb\n1\t2', 5, { delimiter: '\t' }).rows).toEqual([['1', '2']]);
  });
});

describe('artifactKind', () => {
  it('picks a preview by name', () => {
    expect(artifactKind('plots/roc.PNG')).toBe('image');
    expect(artifactKind('metrics.json')).toBe('json');
    expect(artifactKind('data/sample.csv')).toBe('csv');
    expect(artifactKind('model/MLmodel')).toBe('text');
    expect(artifactKind('model/model.onnx')).toBe('unknown');
  });

  it('recognises binary content', () => {
    expect(looksBinary('PAR1\u0000\u0000')).toBe(true);
    expect(looksBinary('plain text')).toBe(false);
  });
});
