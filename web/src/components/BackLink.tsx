/** The plain "back" link above a page title, the same on every page. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="hd-back">
      <Link to={to} className="hd-link">
        <span aria-hidden="true">‹ </span>
        {children}
      </Link>
    </p>
  );
}
