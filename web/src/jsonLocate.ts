// Where a field named by the API (`condition.all.1.value`) sits in the JSON text being edited, so
// the editor can show the API's message on that line. A small scanner over valid JSON that notes
// where each value starts; a field that is missing (a required one) is shown on its parent.

/** The line (1-based) of the value at `path` (dot-separated keys and indexes), or of the nearest
 * ancestor present; null when the text is not JSON. */
export function lineOf(text: string, path: string): number | null {
  const starts = valueStarts(text);
  if (!starts) return null;
  const parts = path.split('.').filter((p) => p && p !== '(body)');
  for (let n = parts.length; n >= 0; n--) {
    const at = starts.get(parts.slice(0, n).join('.'));
    if (at !== undefined) return lineAt(text, at);
  }
  return 1;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line += 1;
  return line;
}

/** JSON.parse's complaint as a line: browsers say "… at position N" (Chrome) or "line L column C". */
export function syntaxErrorLine(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAt(text, Number(pos[1]));
  const line = /line (\d+)/.exec(message);
  return line ? Number(line[1]) : 1;
}

function valueStarts(text: string): Map<string, number> | null {
  const starts = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
  };
  const str = (): string => {
    const begin = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(begin, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    starts.set(path, i);
    const c = text[i];
    const child = (k: string) => (path ? `${path}.${k}` : k);
    if (c === '{') {
      i += 1;
      ws();
      if (text[i] === '}') return void (i += 1);
      for (;;) {
        ws();
        const key = str();
        ws();
        if (text[i] !== ':') throw new Error('expected :');
        i += 1;
        value(child(key));
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') return void (i += 1);
        else throw new Error('expected , or }');
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') return void (i += 1);
      for (let n = 0; ; n++) {
        value(child(String(n)));
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') return void (i += 1);
        else throw new Error('expected , or ]');
      }
    }
    if (c === '"') return void str();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) throw new Error('unexpected token');
    i += m[0].length;
  };
  try {
    value('');
    return starts;
  } catch {
    return null;
  }
}
