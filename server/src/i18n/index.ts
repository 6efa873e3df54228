/**
 * The server's own texts in the recipient's language: notifications (SMS, e-mail) and the
 * texts the system writes into threads. One typed catalogue per language (catalogues.ts): a
 * missing key in nn, se or en fails the build. Modules call `serverText(lang, key, params)` with
 * the language of the person who will read the text (`recipientLanguage`), never the sender's.
 * Texts shown in the browser (problem+json messages included) live in the web's catalogues.
 */
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '@helsedialog/core/constants';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { catalogues, type ServerTextKey } from './catalogues.ts';

export { LANGUAGES, DEFAULT_LANGUAGE, isLanguage, type Language, type ServerTextKey };

/** Fills `{name}` placeholders. */
export function serverText(lang: Language, key: ServerTextKey, params: Record<string, string> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? params[name]! : whole));
}

/** The best supported language for an Accept-Language header (q-values honoured); bokmål when none fits. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split(/[-_]/)[0];
    if (primary === 'nb' || primary === 'no') return 'nb';
    if (primary === 'nn') return 'nn';
    if (primary === 'se' || primary === 'sme') return 'se';
    if (primary === 'en') return 'en';
  }
  return DEFAULT_LANGUAGE;
}

type DbOrTx = Kysely<DB> | Transaction<DB>;

/** The language a citizen (person) reads in: their stored choice, else bokmål. */
export async function recipientLanguage(db: DbOrTx, personId: string): Promise<Language> {
  const row = await db.selectFrom('persons').select('preferred_language').where('id', '=', personId).executeTakeFirst();
  return isLanguage(row?.preferred_language) ? row.preferred_language : DEFAULT_LANGUAGE;
}

/** The language a staff member reads in: their stored choice, else bokmål (also when nobody is named). */
export async function staffLanguage(db: DbOrTx, staffId: string | null | undefined): Promise<Language> {
  if (!staffId) return DEFAULT_LANGUAGE;
  const row = await db.selectFrom('staff').select('preferred_language').where('id', '=', staffId).executeTakeFirst();
  return isLanguage(row?.preferred_language) ? row.preferred_language : DEFAULT_LANGUAGE;
}

/** An amount in kroner as the system texts write it: "kr 350,00" in the Norwegian languages, "NOK 350.00" in English. */
export function kroner(lang: Language, amountNok: string): string {
  return lang === 'en' ? `NOK ${amountNok}` : `kr ${amountNok.replace('.', ',')}`;
}
