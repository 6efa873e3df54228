import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { useMe } from '../api/queries.ts';
import { isUnauthenticated } from '../api/client.ts';
import { ErrorPanel } from './ErrorPanel.tsx';
import { PageLoader } from './PageLoader.tsx';

interface RequireSessionProps {
  kind: Me['kind'];
  children: (me: Me) => ReactNode;
}

/** Renders its children only for a signed-in person of the right kind; sends the other kind home. */
export function RequireSession({ kind, children }: RequireSessionProps) {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError && (isUnauthenticated(me.error) || !me.data)) {
    return <ErrorPanel error={me.error} headingLevel="h1" onRetry={() => void me.refetch()} />;
  }
  const data = me.data;
  if (!data) return <PageLoader />;
  if (data.kind !== kind) return <Navigate to={data.kind === 'citizen' ? '/citizen' : '/clinician'} replace />;
  return children(data);
}
