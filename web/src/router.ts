// A tiny router over the History API: the app's pages live under /app/.
import { useEffect, useState } from 'react';

export const BASE = '/app';

export function navigate(path: string) {
  window.history.pushState(null, '', `${BASE}${path}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): string[] {
  const read = () => window.location.pathname.replace(/^\/app\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const update = () => setParts(read());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return parts;
}

/** A link that navigates inside the app without a reload. */
export function linkProps(path: string) {
  return {
    href: `${BASE}${path}`,
    onClick: (e: { preventDefault(): void; metaKey?: boolean; ctrlKey?: boolean }) => {
      if (e.metaKey || e.ctrlKey) return;
      e.preventDefault();
      navigate(path);
    },
  };
}
