import { useMutation } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import { isUnauthenticated, logout } from '../api/client.ts';
import { useT } from '../i18n/i18n-context.ts';
import { ErrorPanel } from './ErrorPanel.tsx';

/** Logs out on the server, then reloads the front page so no state survives in memory. */
export function LogoutButton() {
  const t = useT();
  const mutation = useMutation({
    mutationFn: logout,
    onSettled: (_data, error) => {
      // An expired session is as good as logged out.
      if (!error || isUnauthenticated(error)) window.location.assign('/');
    },
  });
  return (
    <div className="hd-logout">
      <Button variant="outline" disabled={mutation.isPending || mutation.isSuccess} onClick={() => mutation.mutate()}>
        {mutation.isPending || mutation.isSuccess ? t('header.loggingOut') : t('header.logout')}
      </Button>
      {mutation.isError && !isUnauthenticated(mutation.error) && (
        <div className="hd-logout__error">
          <ErrorPanel error={mutation.error} title={t('error.logoutFailed')} />
        </div>
      )}
    </div>
  );
}
