/**
 * Reading the official NATINF file: `;`-separated, fields optionally quoted ("" inside quotes), CRLF or
 * LF, published in Latin-1 (Windows-1252) or UTF-8 depending on the year.
 */
export type DecodedText = { text: string; encoding: 'utf-8' | 'windows-1252' };

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without BOM), otherwise Windows-1252, the superset of
 * Latin-1 that French files saved on Windows actually use (’, œ, €). A Latin-1 file is almost never
 * valid UTF-8 as soon as it holds one accented letter, so the check is reliable on this data.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text: hasBom && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** One record and the line of the file it starts on (1-based), for error messages. */
export type CsvRecord = { line: number; fields: string[] };
export type CsvProblem = { line: number; message: string };

/**
 * Splits the text into records. A quoted field may span lines; an unterminated quote is reported on
 * the line where the record started and ends the reading (everything after it would be misread).
 */
export function parseCsv(text: string, separator = ';'): { records: CsvRecord[]; problem: CsvProblem | null } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    // Blank lines (often the last one) are not records.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) quoted = true;
    else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (quoted) return { records, problem: { line: start, message: 'guillemet ouvrant sans guillemet fermant' } };
  endRecord();
  return { records, problem: null };
}
