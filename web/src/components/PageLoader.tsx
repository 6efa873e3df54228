import Loader from '@helsenorge/designsystem-react/components/Loader';
import { useT } from '../i18n/i18n-context.ts';

/** A centred spinner with an accessible label, for a page waiting on its data. */
export function PageLoader() {
  const t = useT();
  return (
    <div className="hd-page-loader">
      <Loader size="medium" center ariaLabel={t('app.loading')} />
    </div>
  );
}
