// MJML compiled once per shape of email and filled per email. Compiling MJML costs milliseconds of
// CPU per mail (parsing, validation, rendering every component), which at fan-out is a large share of
// an alert's cost; the HTML it makes depends only on the markup around the values, so the markup is
// compiled once with a marker in place of each value and the markers are then replaced by the
// escaped values. A document is written once, as a function of `Slots`: with `direct` the values go
// in escaped and MJML compiles the result (the reference render); with a recording `Slots` they
// become markers. The two renders give the same HTML (test/notifications/alertEmail.test.ts checks
// it on hostile inputs) as long as a document keeps two rules:
//   - a value in a slot is copied by MJML as it is: text or attribute values, and HTML fragments
//     inside an ending tag's content (mj-text, mj-table, mj-button); never MJML markup;
//   - MJML trims an ending tag's content (mj-title, mj-preview, mj-text…): a value that can begin or
//     end such content is trimmed by the document before it goes into its slot.
// An empty value is written into the markup itself, not a slot (MJML leaves out an empty preview and
// draws a button without href as a <p>), so it gives a shape of its own.
import mjml2html from 'mjml';
import { escapeHtml } from './html.js';

/** How a document puts values into its markup. */
export interface Slots {
  /** Text, escaped for element content or a quoted attribute value. */
  text(value: string): string;
  /** An HTML fragment the document built (and escaped) itself, for an ending tag's content. */
  html(fragment: string): string;
}

/** An email's MJML document, written against `Slots`. */
export type MjmlDocument = (s: Slots) => string;

/** Turns a document into HTML. */
export type HtmlRender = (doc: MjmlDocument) => Promise<string>;

/** The values in place: what MJML would be given without templates. */
export const direct: Slots = { text: escapeHtml, html: (fragment) => fragment };

/** Compiles a whole MJML document. Strict validation turns a malformed template into an error here,
 * in tests, rather than a broken mail; fonts: {} adds no web-font links (a mail client fetching
 * Google Fonts tells a third party it was opened). */
export async function compileMjml(doc: string): Promise<string> {
  return (await mjml2html(doc, { validationLevel: 'strict', keepComments: false, fonts: {} })).html;
}

/** Every value through MJML, every time: the reference the templates are checked against. */
export const mjmlRender: HtmlRender = (doc) => compileMjml(doc(direct));

// A marker no markup of ours contains; user data never reaches the template (values are filled in
// after compiling, in one pass, so a value that looks like a marker stays text).
const MARKER = /__ua_mjml_slot_(\d+)__/g;
const marker = (i: number) => `__ua_mjml_slot_${i}__`;

/** A compiled template: literal HTML and, between its pieces, the index of the value that goes there. */
type Compiled = Array<string | number>;

// Shapes are few (an alert email has at most a few dozen: severity, note, chart, escalation, app
// link); the bound only guards against a document that puts a value in its markup by mistake.
const MAX_TEMPLATES = 256;
const templates = new Map<string, Promise<Compiled>>();
let compiles = 0;

function compileTemplate(markup: string): Promise<Compiled> {
  compiles++;
  return compileMjml(markup).then((html) => html.split(MARKER).map((piece, i) => (i % 2 === 1 ? Number(piece) : piece)));
}

/** The document's shape compiled once (concurrent first renders share the compile), then filled. */
export const templateRender: HtmlRender = async (doc) => {
  const values: string[] = [];
  const put = (v: string) => (v === '' ? '' : marker(values.push(v) - 1));
  const markup = doc({ text: (v) => put(escapeHtml(v)), html: put });
  let compiled = templates.get(markup);
  if (!compiled) {
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    compiled = compileTemplate(markup);
    templates.set(markup, compiled);
    // A failed compile (invalid markup) is not kept: the next render reports it again.
    compiled.catch(() => templates.delete(markup));
  }
  const pieces = await compiled;
  let html = '';
  for (const p of pieces) html += typeof p === 'number' ? values[p]! : p;
  return html;
};

/** How many templates have been compiled so far (tests: one per shape, not one per email). */
export const templateCompiles = () => compiles;
