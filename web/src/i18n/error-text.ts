/**
 * Server errors in the user's language: the problem+json `code` picks a text from the error
 * catalogue (errors.nb.ts / errors.en.ts); the server's English `detail` is only the fallback
 * for codes the catalogue does not know yet.
 */
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '@helsedialog/core/constants';
import { useCallback } from 'react';
import { ApiError } from '../api/client.ts';
import { errorsNb, type ErrorMessageKey } from './errors.nb.ts';
import { useT, type TranslateFn } from './i18n-context.ts';

/** The parts of a problem+json answer (or an ApiError) that the texts depend on. */
export interface ProblemLike {
  status?: number;
  code?: string;
  detail?: string;
}

const CODE_RE = /^[A-Z][A-Z0-9_]*$/;
const MB = Math.round(MAX_ATTACHMENT_BYTES / (1024 * 1024));
/** "The file <name> is larger than …" / "… is not a PDF …", as the server words file errors. */
const FILE_RE = /\bfile (.{1,200}?) is (?:larger than|not a)\b/;

function keyOf(code: string | undefined): ErrorMessageKey | undefined {
  if (!code || !CODE_RE.test(code)) return undefined;
  const key = `problem.${code}`;
  return Object.hasOwn(errorsNb, key) ? (key as ErrorMessageKey) : undefined;
}

/** True when the catalogue has a text for this code. */
export function isKnownErrorCode(code: string | null | undefined): boolean {
  return keyOf(code ?? undefined) !== undefined;
}

function asProblem(error: unknown): ProblemLike | undefined {
  if (error instanceof ApiError) return { status: error.status, code: error.code, detail: error.detail };
  if (error && typeof error === 'object' && typeof (error as ProblemLike).code === 'string') {
    const p = error as Record<string, unknown>;
    return {
      status: typeof p.status === 'number' ? p.status : undefined,
      code: p.code as string,
      detail: typeof p.detail === 'string' ? p.detail : undefined,
    };
  }
  return undefined;
}

/**
 * The text to show for a failed request: the catalogue text for a known code, the network text
 * for a network failure, the server's `detail` for an unknown code, else a generic text.
 */
export function errorText(t: TranslateFn, error: unknown): string {
  const problem = asProblem(error);
  if (!problem) return t('error.generic');
  if (problem.status === 0 || problem.code === 'NETWORK_ERROR') return t('error.network');
  const key = keyOf(problem.code);
  if (!key) return problem.detail ?? t('error.generic');

  const params = { max: MAX_ATTACHMENTS, mb: MB };
  const fileKey = `${key}.file`;
  if (Object.hasOwn(errorsNb, fileKey) && problem.detail) {
    const name = FILE_RE.exec(problem.detail)?.[1];
    if (name) return t(fileKey as ErrorMessageKey, { ...params, name });
  }
  return t(key, params);
}

/** The catalogue text for a login error code from the front page URL; never the URL's own text. */
export function loginErrorText(t: TranslateFn, code: string): string {
  const key = keyOf(code);
  return key ? t(key) : t('problem.loginUnknown');
}

/** `errorText` bound to the current language. */
export function useErrorText(): (error: unknown) => string {
  const t = useT();
  return useCallback((error: unknown) => errorText(t, error), [t]);
}
