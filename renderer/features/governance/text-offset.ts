/** Character offset of a 1-based line and column in `text`, to put the caret where a parser stopped. */
export function offsetOf(text: string, line: number, column: number | null): number {
  const lines = text.split('\n');
  const lineIndex = Math.min(Math.max(line, 1), lines.length) - 1;
  let offset = 0;
  for (let index = 0; index < lineIndex; index += 1) offset += lines[index].length + 1;
  return offset + Math.min(Math.max((column ?? 1) - 1, 0), lines[lineIndex].length);
}
