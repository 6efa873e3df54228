/**
 * A Questionnaire rendered by @helsenorge/refero, Helsenorge's own renderer: editable (save a
 * draft, submit) or read-only (`pdf` mode: the answers as the patient saw them). The server
 * checks every answer again; the renderer is a convenience, never the rule.
 */
import type { Questionnaire, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { Refero, rootReducer } from '@helsenorge/refero';
import '@helsenorge/refero/index.css';
import { configureStore } from '@reduxjs/toolkit';
import { useMemo, useRef } from 'react';
import { Provider } from 'react-redux';
import { MAX_ATTACHMENT_BYTES } from '@helsedialog/core/constants';
import { errorText } from '../i18n/error-text.ts';
import { useI18n } from '../i18n/i18n-context.ts';
import type { QuestionnaireResponseLike } from './api.ts';
import { radioQuestionnaire, toRenderer } from './boolean-radio.ts';
import { expressionMiddleware } from './expression-middleware.ts';
import { expressionQuestionnaire, loadFhirpath, serverItems, type Expressions } from './expressions.ts';
import { referoResources } from './refero-resources.ts';

type ReferoProps = Parameters<typeof Refero>[0];

export interface FormRendererProps {
  questionnaire: Questionnaire;
  /** The saved answers (QuestionnaireResponse.item), if any. */
  item?: QuestionnaireResponseItem[] | undefined;
  readOnly?: boolean;
  busy?: boolean;
  onSave?: (qr: QuestionnaireResponseLike) => void;
  onSubmit?: (qr: QuestionnaireResponseLike) => void;
  onCancel?: () => void;
  /** The submit button's text when it is not "Send inn" (e.g. a form before a message: go on). */
  submitText?: string;
  /**
   * Attachment questions: how a chosen file is uploaded (the server checks it as a message
   * attachment and answers the FHIR Attachment naming it) and where a stored one is opened.
   */
  attachments?: {
    upload: (file: File) => Promise<{ url: string; contentType: string; title: string; size: number }>;
    link: (url: string) => string;
  };
}

export function FormRenderer({ questionnaire, item, readOnly, busy, onSave, onSubmit, onCancel, submitText, attachments }: FormRendererProps) {
  const { language, t } = useI18n();
  const resources = useMemo(() => ({ ...referoResources(language), ...(submitText ? { formSend: submitText } : {}) }), [language, submitText]);
  // Yes/no questions the form asks as radio buttons (boolean-radio.ts): drawn as two options, answered as booleans.
  const yesNo = useMemo(() => ({ yes: t('forms.radio.yes'), no: t('forms.radio.no') }), [t]);
  // FHIRPath expressions (calculatedExpression, enableWhenExpression) are evaluated by the page on
  // the answers as the server reads them — the yes/no radio answers as booleans (expressions.ts).
  const { shown, radioIds, expressions } = useMemo(() => {
    const radio = radioQuestionnaire(questionnaire, yesNo);
    const expr = expressionQuestionnaire(radio.questionnaire);
    return { shown: expr.questionnaire, radioIds: radio.radioIds, expressions: expr.expressions };
  }, [questionnaire, yesNo]);
  const current = useRef<{ expressions: Expressions; radioIds: Set<string> }>({ expressions, radioIds });
  current.current = { expressions, radioIds };
  // One store per rendered form: refero keeps the answers being edited in it (its README's set-up).
  const store = useMemo(
    () =>
      configureStore({
        reducer: rootReducer,
        middleware: (m) => m({ serializableCheck: false, immutableCheck: false }).concat(expressionMiddleware(() => current.current, loadFhirpath)),
      }),
    [],
  );
  const response = useMemo(
    () =>
      item
        ? ({
            resourceType: 'QuestionnaireResponse',
            status: 'in-progress',
            questionnaire: questionnaire.url ?? '',
            item: toRenderer(item, radioIds, yesNo),
          } as ReferoProps['questionnaireResponse'])
        : undefined,
    [item, questionnaire, radioIds, yesNo],
  );
  const answered = (qr: unknown): QuestionnaireResponseLike => ({ item: serverItems((qr as QuestionnaireResponseLike).item, radioIds) });
  return (
    <div className="hd-form-renderer">
      <Provider store={store}>
        <Refero
          questionnaire={shown as ReferoProps['questionnaire']}
          questionnaireResponse={response}
          resources={resources}
          language={language === 'en' ? 'en-gb' : 'nb-no'}
          authorized
          loginButton={<></>}
          pdf={readOnly}
          syncQuestionnaireResponse
          blockSubmit={busy}
          submitButtonDisabled={busy}
          saveButtonDisabled={busy}
          validateScriptInjection
          onSubmit={(qr) => onSubmit?.(answered(qr))}
          {...(onSave ? { onSave: (qr: unknown) => onSave(answered(qr)) } : {})}
          {...(onCancel ? { onCancel } : {})}
          {...(attachments
            ? {
                attachmentValidTypes: ['application/pdf', 'image/jpeg', 'image/png'] as NonNullable<ReferoProps['attachmentValidTypes']>,
                attachmentMaxFileSizePerFile: MAX_ATTACHMENT_BYTES,
                uploadAttachment: (files: File[], ok: (a: never) => void, fail: (m: { Title: string; Body: string } | null) => void) => {
                  for (const file of files)
                    attachments
                      .upload(file)
                      .then((a) => ok(a as never))
                      .catch((err: unknown) => fail({ Title: t('forms.attachment.failed'), Body: errorText(t, err) }));
                },
                onRequestAttachmentLink: attachments.link,
                // Removing a file takes it out of the answer; the stored file stays with the form until it is deleted with it.
                onDeleteAttachment: (_id: string, ok: () => void) => ok(),
              }
            : {})}
        />
      </Provider>
    </div>
  );
}
