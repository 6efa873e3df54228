/** The login page of the development IdP: plain HTML, no scripts. */
import { escapeHtml } from '../platform/html.ts';

export interface DemoPerson {
  accountId: string;
  name: string;
  description: string;
  identifier: string;
}

/** Renders the person picker for one login interaction. */
export function loginPage(opts: { uid: string; kind: 'citizen' | 'staff'; people: DemoPerson[]; prefix: string }): string {
  const { uid, kind, people, prefix } = opts;
  const title = kind === 'citizen' ? 'Utviklings-ID-porten: velg innbygger' : 'Utviklings-HelseID: velg helsepersonell';
  const action = `${prefix}/interaction/${encodeURIComponent(uid)}/login`;
  const acr =
    kind === 'citizen'
      ? `<fieldset><legend>Sikkerhetsnivå</legend>
  <label><input type="radio" name="acr" value="idporten-loa-high" checked> Høyt (idporten-loa-high)</label>
  <label><input type="radio" name="acr" value="idporten-loa-substantial"> Betydelig (idporten-loa-substantial) — helsedialog skal avvise dette</label>
</fieldset>`
      : '';
  const rows = people
    .map(
      (p) => `<li><button type="submit" name="account" value="${escapeHtml(p.accountId)}"><strong>${escapeHtml(p.name)}</strong></button>
  <span class="desc">${escapeHtml(p.description)} · <span class="id">${escapeHtml(p.identifier)}</span></span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #1b1b1b; }
main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem; }
.banner { background: #fff3cd; border: 1px solid #a36b00; padding: .75rem 1rem; border-radius: 4px; }
ul { list-style: none; padding: 0; }
li { background: #fff; border: 1px solid #ccc; border-radius: 4px; margin: .5rem 0; padding: .75rem 1rem; }
button { font: inherit; font-size: 1.1rem; color: #0b4d84; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; text-align: left; }
button:focus-visible { outline: 3px solid #0b4d84; outline-offset: 2px; }
.desc { display: block; color: #444; margin-top: .25rem; }
.id { font-family: monospace; }
fieldset { background: #fff; border: 1px solid #ccc; border-radius: 4px; margin: 1rem 0; }
label { display: block; margin: .25rem 0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="banner">Dette er en innloggingstjeneste kun for utvikling og demo. Alle personer og fødselsnumre er syntetiske.</p>
<form method="post" action="${action}">
${acr}
<h2>${kind === 'citizen' ? 'Innbyggere' : 'Helsepersonell'}</h2>
<ul>
${rows}
</ul>
</form>
<form method="post" action="${prefix}/interaction/${encodeURIComponent(uid)}/abort"><button type="submit">Avbryt innlogging</button></form>
</main>
</body>
</html>`;
}
