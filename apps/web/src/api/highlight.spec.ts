import { parseHighlight } from './highlight';

describe('parseHighlight', () => {
  it('splits a snippet into marked and plain runs', () => {
    expect(parseHighlight('Bố trí <mark>công chức</mark> dôi dư')).toEqual([
      { text: 'Bố trí ', marked: false },
      { text: 'công chức', marked: true },
      { text: ' dôi dư', marked: false },
    ]);
  });

  it('keeps every other tag as text, so nothing else can become markup', () => {
    const parts = parseHighlight('<script>alert(1)</script> <mark><img src=x onerror=alert(1)></mark>');
    expect(parts).toEqual([
      { text: '<script>alert(1)</script> ', marked: false },
      { text: '<img src=x onerror=alert(1)>', marked: true },
    ]);
  });

  it('tolerates unbalanced and upper-case tags', () => {
    expect(parseHighlight('a</mark>b<MARK>c')).toEqual([
      { text: 'ab', marked: false },
      { text: 'c', marked: true },
    ]);
  });
});
