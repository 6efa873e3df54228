/** The reply form under the conversation: quick replies, text, important, the answer choice, files, send or send and close. */
import { awaitsAnswer, MAX_TEXT, type ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Textarea } from '../../components/Textarea.tsx';
import { useI18n } from '../../i18n/i18n-context.ts';
import { QuickReplies } from '../../workspace/QuickReplies.tsx';
import { AttachmentPicker } from '../components.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useStaffReply } from './use-staff-reply.ts';

export function StaffReply({ detail, onWriting }: { detail: ThreadDetail; onWriting: (writing: boolean) => void }) {
  const { t } = useI18n();
  const r = useStaffReply(detail, onWriting);
  if (!detail.repliesAllowed) {
    return (
      <NotificationPanel variant="info">
        <p className="hd-panel-text">{t('dialog.reply.closed')}</p>
      </NotificationPanel>
    );
  }
  if (detail.kind === 'journalkopi') return null;
  const { send, eConsultation, asAnswer } = r;
  const blocked = detail.conversion?.state === 'pending';
  return (
    <section aria-labelledby="staff-reply" className="hd-panel">
      <Title id="staff-reply" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.reply')}
      </Title>
      <form onSubmit={r.submit} noValidate>
        <QuickReplies
          unitId={detail.unit.id}
          unitName={detail.unit.name}
          threadId={detail.id}
          onInsert={(snippet) => {
            r.writeText(r.text ? `${r.text}\n\n${snippet}` : snippet);
            r.changed();
            r.remountText();
          }}
        />
        <div className="hd-field">
          <Textarea
            key={r.round}
            textareaId="staff-reply-text"
            label={t('dialog.staff.replyLabel')}
            value={r.text}
            onChange={(e) => {
              r.writeText(e.target.value);
              r.changed();
            }}
            maxCharacters={MAX_TEXT}
            resources={{ characters: t('dialog.write.maxText') }}
            minRows={5}
            grow
            errorText={r.error}
            error={!!r.error}
            disabled={blocked}
          />
        </div>
        <div className="hd-field">
          <Checkbox
            inputId="staff-reply-important"
            label={t('dialog.staff.important')}
            checked={r.important}
            onChange={(e) => {
              r.setImportant(e.target.checked);
              r.changed();
            }}
          />
        </div>
        {eConsultation && awaitsAnswer(detail.status) && (
          <div className="hd-field">
            {r.mayAnswer ? (
              <Checkbox
                inputId="staff-reply-as-answer"
                label={t('dialog.staff.asAnswer')}
                checked={asAnswer}
                onChange={(e) => {
                  r.setAsAnswer(e.target.checked);
                  r.changed();
                }}
              />
            ) : (
              <p className="hd-muted">{t('dialog.staff.notAnswerHint')}</p>
            )}
          </div>
        )}
        <AttachmentPicker
          files={r.files}
          onChange={(f) => {
            r.setFiles(f);
            r.changed();
          }}
          disabled={send.isPending || blocked}
        />
        {r.changedSince ? (
          <div className="hd-field" role="alert">
            <NotificationPanel variant="warn">
              <p className="hd-panel-text">{t('inbox.changed.text')}</p>
              <div className="hd-actions">
                <Button variant="outline" onClick={() => r.submit(null, { anyway: true })} disabled={send.isPending}>
                  {t('inbox.changed.sendAnyway')}
                </Button>
                <Button variant="borderless" onClick={r.keepWriting}>
                  {t('inbox.changed.cancel')}
                </Button>
              </div>
            </NotificationPanel>
          </div>
        ) : (
          <ProblemNotice error={send.error} />
        )}
        {r.sent && (
          <p role="status" className="hd-muted">
            {t('dialog.reply.sent')}
          </p>
        )}
        <div className="hd-actions">
          <Button type="submit" disabled={send.isPending || blocked}>
            {send.isPending
              ? t('dialog.write.sending')
              : eConsultation && asAnswer && awaitsAnswer(detail.status)
                ? t('dialog.staff.sendAnswer')
                : t('dialog.reply.send')}
          </Button>
          {(asAnswer || !eConsultation || detail.status === 'answered') && (
            <Button type="submit" variant="outline" disabled={send.isPending || blocked} onClick={r.closeOnSubmit}>
              {t('dialog.staff.sendClose')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
