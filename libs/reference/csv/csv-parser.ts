/** One CSV record and the line it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that is not valid CSV. `column` is the 1-based field number; `character` the position on the line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly character: number,
    readonly reason: string,
  ) {
    super(`CSV line ${line}, column ${column} (character ${character}): ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses CSV as RFC 4180 describes it: comma separators, fields optionally in double quotes, `""` for a quote inside
 * a quoted field, quoted fields may hold commas and line breaks. Also accepted, because office software produces
 * them: a UTF-8 byte-order mark, LF or lone CR line endings, a missing final line break, and blank lines (skipped).
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  let inQuotes = false;
  let fieldWasQuoted = false;
  let afterClosingQuote = false;
  let quoteOpenedAt = { line: 1, character: 1 };

  const fail = (reason: string, at: number): never => {
    throw new CsvSyntaxError(line, fields.length + 1, at - lineStart + 1, reason);
  };
  const endField = (): void => {
    fields.push(field);
    field = '';
    fieldWasQuoted = false;
    afterClosingQuote = false;
  };
  const endRecord = (): void => {
    const blank = fields.length === 0 && field === '' && !fieldWasQuoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          inQuotes = false;
          afterClosingQuote = true;
          i += 1;
        }
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        const width = ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        field += text.slice(i, i + width);
        i += width;
        line += 1;
        lineStart = i;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === ',') {
      endField();
      i += 1;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      lineStart = i;
      recordLine = line;
      continue;
    }
    if (afterClosingQuote) {
      fail(`unexpected "${ch}" after the closing quote; a quoted field must end at a comma or the end of the line`, i);
    }
    if (ch === '"') {
      if (field !== '') {
        fail('a double quote inside an unquoted field; put the whole field in quotes and write the quote as ""', i);
      }
      inQuotes = true;
      fieldWasQuoted = true;
      quoteOpenedAt = { line, character: i - lineStart + 1 };
      i += 1;
      continue;
    }
    field += ch;
    i += 1;
  }
  if (inQuotes) {
    throw new CsvSyntaxError(
      quoteOpenedAt.line,
      fields.length + 1,
      quoteOpenedAt.character,
      'the quoted field opened here is never closed (missing closing double quote)',
    );
  }
  if (field !== '' || fieldWasQuoted || fields.length > 0) endRecord();
  return records;
}
