import { useEffect, useMemo, useRef } from 'react';
import { useLocation } from 'react-router';

/** How long to wait for a new page's heading (its chunk and data may still be loading). */
const WAIT_MS = 20_000;

/** The heading on screen when a new path starts rendering (React has not committed it yet). */
function headingOnScreen(_pathname: string): Element | null {
  return typeof document === 'undefined' ? null : document.querySelector('main h1');
}

/**
 * After a client-side navigation, moves focus to the new page's main heading (`<main> h1`, made
 * focusable with tabIndex -1), so keyboard and screen-reader users start on the page they went to
 * instead of on `<body>`; the page's own `useDocumentTitle` names it. Not on the first load (the
 * browser starts at the top of the document) and not for a change of query string or hash only.
 *
 * The old page's heading is read while the new path renders, before React commits it: a page whose
 * data is already cached (the write page after the contact's services page shares its query) has
 * its h1 in the very commit that changes the path, so reading "the h1 before" in the effect would
 * find the new page's own heading and never focus it. The old page can also stay on screen while
 * the new one loads (React transitions), so it waits for an h1 that is not the old one.
 */
export function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const previous = useMemo(() => headingOnScreen(pathname), [pathname]);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const started = Date.now();
    let frame = 0;
    const tryFocus = () => {
      const h1 = document.querySelector<HTMLElement>('main h1');
      if (h1 && h1 !== previous && h1.isConnected) {
        if (!h1.hasAttribute('tabindex')) h1.tabIndex = -1;
        // Someone who already moved on (typed in a field, clicked a link) keeps their place.
        const active = document.activeElement;
        if (!active || active === document.body || !document.querySelector('main')?.contains(active) || active === previous) h1.focus();
        return;
      }
      if (Date.now() - started < WAIT_MS) frame = requestAnimationFrame(tryFocus);
    };
    frame = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(frame);
  }, [pathname, previous]);
}
