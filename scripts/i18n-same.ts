/**
 * Texts whose nynorsk or Sami version equals the bokmål one: often a missed translation, but many
 * are legitimately the same ("SMS", "Pasient", "Fastlege" in nynorsk). The allow-list
 * (scripts/i18n-same-as-nb.json) names each such key WITH the text it was reviewed for, so a
 * changed bokmål text must be looked at again. Used by scripts/i18n-same.test.ts (npm test);
 * `node scripts/i18n-same.ts` prints the current list, `--write` rewrites the allow-list from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { catalogues as serverCatalogues } from '../server/src/i18n/catalogues.ts';
import { nbAll as nb } from '../web/src/i18n/nb-all.ts';
import { nn } from '../web/src/i18n/nn.ts';
import { se } from '../web/src/i18n/se.ts';

export const ALLOW_FILE = path.join(path.dirname(new URL(import.meta.url).pathname), 'i18n-same-as-nb.json');

export type Same = Record<'nn' | 'se', Record<string, string>>;

function sameIn(source: Record<string, string>, other: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (other[k] === v) out[prefix + k] = v;
  return out;
}

/** Every web and server key whose nn or se text is the bokmål text (server keys prefixed "server:"). */
export function sameAsBokmal(): Same {
  const web = nb as Record<string, string>;
  const server = serverCatalogues.nb as Record<string, string>;
  return {
    nn: { ...sameIn(web, nn, ''), ...sameIn(server, serverCatalogues.nn, 'server:') },
    se: { ...sameIn(web, se, ''), ...sameIn(server, serverCatalogues.se, 'server:') },
  };
}

export function readAllowList(): Same {
  return JSON.parse(fs.readFileSync(ALLOW_FILE, 'utf8')) as Same;
}

/** Equal texts not on the allow-list (or allowed for another bokmål text). */
export function unreviewed(same: Same, allow: Same): Same {
  const out: Same = { nn: {}, se: {} };
  for (const lang of ['nn', 'se'] as const)
    for (const [k, v] of Object.entries(same[lang])) if (allow[lang][k] !== v) out[lang][k] = v;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const same = sameAsBokmal();
  if (process.argv.includes('--write')) {
    fs.writeFileSync(ALLOW_FILE, `${JSON.stringify(same, null, 2)}\n`);
    console.log(`wrote ${ALLOW_FILE}`);
  }
  for (const lang of ['nn', 'se'] as const) {
    console.log(`\n${lang}: ${Object.keys(same[lang]).length} texts equal to bokmål`);
    for (const [k, v] of Object.entries(same[lang])) console.log(`  ${k}: ${v}`);
  }
}
