// A JSON editor for rule definitions: line numbers, and each problem shown on the line of the field
// it names (the API's 400 issues, or the browser's JSON syntax error), beside the text and again in a
// list under it that the text area is described by.
import { useMemo } from 'react';
import { lineOf, syntaxErrorLine } from './jsonLocate';

export interface FieldIssue {
  path: string;
  message: string;
}

/** The text's own syntax problem, if any, as an issue on its line. */
export function syntaxIssue(text: string): (FieldIssue & { line: number }) | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { path: '(json)', message: `not valid JSON: ${message}`, line: syntaxErrorLine(text, message) };
  }
}

export function JsonEditor({ id, label, value, onChange, issues, readOnly = false }: { id: string; label: string; value: string; onChange: (v: string) => void; issues: FieldIssue[]; readOnly?: boolean }) {
  const lines = value.split('\n').length;
  const located = useMemo(() => {
    const syntax = syntaxIssue(value);
    if (syntax) return [syntax];
    return issues.map((i) => ({ ...i, line: lineOf(value, i.path) ?? 1 }));
  }, [value, issues]);
  const byLine = new Map<number, string[]>();
  for (const i of located) byLine.set(i.line, [...(byLine.get(i.line) ?? []), `${i.path}: ${i.message}`]);
  const listId = `${id}-issues`;
  return (
    <div>
      <label htmlFor={id} className="sr-only">{label}</label>
      <div className="editor" aria-invalid={located.length > 0}>
        <div className="gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, n) => (
            <div key={n} className={byLine.has(n + 1) ? 'bad' : undefined} title={byLine.get(n + 1)?.join('\n')}>{n + 1}</div>
          ))}
        </div>
        <div className="editor-body">
          <textarea
            id={id}
            value={value}
            rows={lines + 1}
            spellCheck={false}
            readOnly={readOnly}
            aria-invalid={located.length > 0}
            aria-describedby={located.length ? listId : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          <div className="notes" aria-hidden="true">
            {Array.from({ length: lines }, (_, n) => (
              <div key={n}>{byLine.has(n + 1) ? `← ${byLine.get(n + 1)!.join('; ')}` : '\u00a0'}</div>
            ))}
          </div>
        </div>
      </div>
      {located.length ? (
        <div role="alert" id={listId} data-testid={`${id}-issues`}>
          <ul className="fielderrors">
            {located.map((i) => (
              <li key={`${i.path}|${i.message}`}>line {i.line}: <code>{i.path}</code> {i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
