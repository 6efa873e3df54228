import Title from '@helsenorge/designsystem-react/components/Title';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';

/** Any path the app does not know. */
export function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t('notFound.docTitle'));
  return (
    <section className="hd-section">
      <Title htmlMarkup="h1" appearance="title1">
        {t('notFound.title')}
      </Title>
      <p>{t('notFound.text')}</p>
      <Link to="/" className="hd-link">
        {t('notFound.home')}
      </Link>
    </section>
  );
}
