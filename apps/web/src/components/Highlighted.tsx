import { parseHighlight } from '../api/highlight';

/** A search snippet with the API's `<mark>` highlights, rendered as text nodes only (no HTML is ever parsed). */
export function Highlighted({ snippet }: { snippet: string }) {
  return (
    <>
      {parseHighlight(snippet).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
