import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Navigate } from 'react-router';
import { useMe } from '../api/queries.ts';
import { PageLoader } from '../components/PageLoader.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { LoginErrorNotice } from './LoginErrorNotice.tsx';

/** Front page: what helsedialog is, and the two ways to log in. Signed-in people go straight home. */
export function LandingPage() {
  const t = useT();
  useDocumentTitle(t('landing.docTitle'));
  const me = useMe();

  if (me.isPending) return <PageLoader />;
  if (me.data && !me.isError) {
    return <Navigate to={me.data.kind === 'citizen' ? '/citizen' : '/clinician'} replace />;
  }

  return (
    <>
      <LoginErrorNotice />
      <section className="hd-hero" aria-labelledby="landing-title">
        <Title id="landing-title" htmlMarkup="h1" appearance="titleFeature" margin={{ marginTop: 0, marginBottom: 1 }}>
          {t('landing.title')}
        </Title>
        <p className="hd-lead">{t('landing.intro')}</p>
      </section>
      <div className="hd-login-grid">
        <LoginCard
          id="login-citizen"
          title={t('landing.citizen.title')}
          text={t('landing.citizen.text')}
          action={t('landing.citizen.action')}
          href="/auth/citizen/login"
        />
        <LoginCard
          id="login-staff"
          title={t('landing.staff.title')}
          text={t('landing.staff.text')}
          action={t('landing.staff.action')}
          href="/auth/staff/login"
        />
      </div>
    </>
  );
}

interface LoginCardProps {
  id: string;
  title: string;
  text: string;
  action: string;
  href: string;
}

/** One login choice. A plain link: login is a full-page navigation to the server's OIDC start. */
function LoginCard({ id, title, text, action, href }: LoginCardProps) {
  return (
    <section className="hd-card hd-login-card" aria-labelledby={`${id}-title`}>
      <Title id={`${id}-title`} htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {title}
      </Title>
      <p className="hd-login-card__text">{text}</p>
      <Button htmlMarkup="a" href={href} size="large" arrow="icon" fluid testId={id}>
        {action}
      </Button>
    </section>
  );
}
