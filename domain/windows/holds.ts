// A window's hold on an alert as the lifecycle workflow sees it: plain data and words, no imports,
// so the workflow bundle can use it (the window arithmetic, with rrule, is ./windows.ts).
export const WINDOW_KINDS = ['maintenance', 'holiday'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface Hold {
  /** When the last of the covering windows ends: the alert is looked at again then. */
  until: string;
  windows: Array<{ id: number; name: string; kind: WindowKind; startsAt: string; endsAt: string }>;
}

/** The timeline's and the notification's words for a hold that ended. */
export function heldNote(windows: Hold['windows']): string {
  const names = windows.map((w) => `${w.kind} window "${w.name}" (${w.startsAt} to ${w.endsAt})`);
  return `Held during ${names.join(' and ')}; released when it ended.`;
}
