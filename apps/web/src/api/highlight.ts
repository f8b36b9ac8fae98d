/** One run of text of a highlighted snippet: marked (a match) or not. */
export interface HighlightPart {
  text: string;
  marked: boolean;
}

const TAG = /<(\/?)mark>/gi;

/**
 * Reads the API's search snippets (`ts_headline` output: the entry's own text with matches wrapped in `<mark>`) into
 * runs of plain text. Only `<mark>` and `</mark>` mean anything; every other character, `<script>` included, stays
 * text, so the page renders the parts as text nodes and never parses the snippet as HTML.
 */
export function parseHighlight(snippet: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let depth = 0;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const marked = depth > 0;
    const previous = parts[parts.length - 1];
    if (previous && previous.marked === marked) previous.text += text;
    else parts.push({ text, marked });
  };
  for (const match of snippet.matchAll(TAG)) {
    push(snippet.slice(last, match.index));
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    last = match.index + match[0].length;
  }
  push(snippet.slice(last));
  return parts;
}
