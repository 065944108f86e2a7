// Reads the first rows of a CSV/TSV for the artifact preview: quoted fields, doubled quotes,
// CRLF and newlines inside quotes, without reading the whole file.

export interface CsvPreview {
  header: string[];
  rows: string[][];
  /** More rows exist than were parsed. */
  truncated: boolean;
}

export function parseCsvPreview(text: string, maxRows: number, options: { delimiter?: string; complete?: boolean } = {}): CsvPreview {
  const delimiter = options.delimiter ?? ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;

  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };

  while (index < text.length && records.length <= maxRows) {
    const character = text[index];
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        field += character;
      }
    } else if (character === '"' && field === '') {
      quoted = true;
    } else if (character === delimiter) {
      record.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
    } else {
      field += character;
    }
    index += 1;
  }

  const stoppedEarly = records.length > maxRows && index < text.length;
  // The last line of a file cut at the byte limit is partial: drop it rather than show half a row.
  if (!stoppedEarly && (field !== '' || record.length > 0) && options.complete !== false) endRecord();

  const [header = [], ...body] = records;
  return {
    header,
    rows: body.slice(0, maxRows),
    truncated: stoppedEarly || body.length > maxRows || options.complete === false,
  };
}
