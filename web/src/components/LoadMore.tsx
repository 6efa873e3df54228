/**
 * The "show more" of a keyset-paged list (a React Query infinite query): the button while there
 * is a next page, disabled (and saying so) while it loads, and the error with a retry when the
 * next page could not be fetched — one place, so no list forgets the error or the busy state.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import { ErrorPanel } from './ErrorPanel.tsx';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

interface LoadMoreProps {
  query: PagedQuery;
  label: string;
  /** Shown on the button while the next page loads (the label when not given). */
  loadingLabel?: string;
  variant?: 'outline' | 'borderless';
}

export function LoadMore({ query, label, loadingLabel, variant = 'outline' }: LoadMoreProps) {
  const next = () => void query.fetchNextPage();
  return (
    <>
      {query.hasNextPage && (
        <Button variant={variant} onClick={next} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage && loadingLabel ? loadingLabel : label}
        </Button>
      )}
      {query.isFetchNextPageError && <ErrorPanel error={query.error} onRetry={next} />}
    </>
  );
}
