/**
 * A Questionnaire rendered by @helsenorge/refero, Helsenorge's own renderer: editable (save a
 * draft, submit) or read-only (`pdf` mode: the answers as the patient saw them). The server
 * checks every answer again; the renderer is a convenience, never the rule.
 */
import { Refero, rootReducer } from '@helsenorge/refero';
import '@helsenorge/refero/index.css';
import { configureStore } from '@reduxjs/toolkit';
import { useMemo } from 'react';
import { Provider } from 'react-redux';
import { useI18n } from '../i18n/i18n-context.ts';
import type { QuestionnaireResponseLike } from './api.ts';
import { referoResources } from './refero-resources.ts';

type ReferoProps = Parameters<typeof Refero>[0];

export interface FormRendererProps {
  questionnaire: Record<string, unknown>;
  /** The saved answers (QuestionnaireResponse.item), if any. */
  item?: unknown[] | undefined;
  readOnly?: boolean;
  busy?: boolean;
  onSave?: (qr: QuestionnaireResponseLike) => void;
  onSubmit?: (qr: QuestionnaireResponseLike) => void;
  onCancel?: () => void;
}

export function FormRenderer({ questionnaire, item, readOnly, busy, onSave, onSubmit, onCancel }: FormRendererProps) {
  const { language } = useI18n();
  // One store per rendered form: refero keeps the answers being edited in it (its README's set-up).
  const store = useMemo(() => configureStore({ reducer: rootReducer, middleware: (m) => m({ serializableCheck: false, immutableCheck: false }) }), []);
  const response = useMemo(
    () =>
      item
        ? ({
            resourceType: 'QuestionnaireResponse',
            status: 'in-progress',
            questionnaire: String(questionnaire.url ?? ''),
            item,
          } as ReferoProps['questionnaireResponse'])
        : undefined,
    [item, questionnaire],
  );
  return (
    <div className="hd-form-renderer">
      <Provider store={store}>
        <Refero
          questionnaire={questionnaire as ReferoProps['questionnaire']}
          questionnaireResponse={response}
          resources={referoResources(language)}
          language={language === 'en' ? 'en-gb' : 'nb-no'}
          authorized
          loginButton={<></>}
          pdf={readOnly}
          syncQuestionnaireResponse
          blockSubmit={busy}
          submitButtonDisabled={busy}
          saveButtonDisabled={busy}
          validateScriptInjection
          onSubmit={(qr) => onSubmit?.(qr as QuestionnaireResponseLike)}
          {...(onSave ? { onSave: (qr: unknown) => onSave(qr as QuestionnaireResponseLike) } : {})}
          {...(onCancel ? { onCancel } : {})}
        />
      </Provider>
    </div>
  );
}
