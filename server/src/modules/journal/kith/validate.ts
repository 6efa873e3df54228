/**
 * Validates KITH messages against the official XSDs in kith/schemas/xsd (a copy of shared/schemas/kith), using libxml2's
 * xmllint compiled to WebAssembly (npm xmllint-wasm): no native build, no system package.
 * xmllint-wasm does no file I/O of its own, so every XSD the schemas import (xs:import
 * schemaLocation) is handed over as a preload file under the same name.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { APPREC_NS, DIALOG_NS, FK1_NS, MSGHEAD_NS } from './xml.ts';

/** Which schema to validate against. */
export type KithSchema = 'msghead-dialogmelding' | 'apprec';

/** Outcome of a validation; errors are readable lines such as "line 7: Element 'mh:Ack': …". */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/** Root XSD per kind: the bundle, because MsgHead's Content is a strict wildcard (see README). */
const ROOT_XSD: Record<KithSchema, string> = {
  'msghead-dialogmelding': 'msghead-dialogmelding-1.1-bundle.xsd',
  apprec: 'apprec-v1.1.xsd',
};

/** The national schemas and examples: KITH_SCHEMA_DIR if set, else the copy in ./schemas. */
export function kithSchemaDir(): string {
  if (process.env.KITH_SCHEMA_DIR) return path.resolve(process.env.KITH_SCHEMA_DIR);
  // A copy kept in the repository (schemas/README.md says where it comes from), so a clone
  // anywhere validates without anything beside it.
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas');
}

let schemaFiles: Promise<XMLFileInfo[]> | undefined;

// Read once per process. Bytes, not strings: MsgHead-v1_2.xsd and kith.xsd are ISO-8859-1, and
// libxml2 decodes them correctly only if it gets the original bytes with their XML declaration.
function loadSchemas(): Promise<XMLFileInfo[]> {
  schemaFiles ??= (async () => {
    const dir = path.join(kithSchemaDir(), 'xsd');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.xsd'));
    return Promise.all(
      names.map(async (fileName) => ({
        fileName,
        contents: await readFile(path.join(dir, fileName)),
      })),
    );
  })().catch((err: unknown) => {
    schemaFiles = undefined; // let a later call retry, e.g. after KITH_SCHEMA_DIR is fixed
    throw err;
  });
  return schemaFiles;
}

// Clark notation ({uri}Name) is exact but unreadable in a log line: use the usual KITH prefixes.
const PREFIXES: Record<string, string> = {
  [MSGHEAD_NS]: 'mh',
  [DIALOG_NS]: 'dia',
  [FK1_NS]: 'fk1',
  [APPREC_NS]: 'ar',
};

function readable(line: string): string {
  return line
    .replace(/\{([^}]+)\}/g, (all, uri: string) => (PREFIXES[uri] ? `${PREFIXES[uri]}:` : all))
    .replace(/(element \S+: )?Schemas validity error : /, '')
    .trim();
}

/** Picks the schema from the root element's name; undefined if neither MsgHead nor AppRec. */
export function detectKithSchema(xml: string): KithSchema | undefined {
  // First start tag that is not <?…?>, <!--…--> or <!…>: cheap, and works for malformed XML too.
  const m = /<([A-Za-z_][\w.-]*:)?(MsgHead|AppRec)[\s/>]/.exec(xml.replace(/<[?!][\s\S]*?>/g, ''));
  if (!m) return undefined;
  return m[2] === 'AppRec' ? 'apprec' : 'msghead-dialogmelding';
}

/**
 * Validates `xml` against the official XSDs (schema detected from the root element unless given).
 * Never throws for an invalid message; rejects only if the schemas cannot be loaded.
 */
export async function validateKithXml(xml: string, schema?: KithSchema): Promise<ValidationResult> {
  const kind = schema ?? detectKithSchema(xml);
  if (!kind) return { valid: false, errors: ['Root element is neither MsgHead nor AppRec'] };
  const files = await loadSchemas();
  const root = files.find((f) => f.fileName === ROOT_XSD[kind]);
  if (!root) throw new Error(`${ROOT_XSD[kind]} not found in ${kithSchemaDir()}/xsd`);
  try {
    const result = await validateXML({
      xml: [{ fileName: 'message.xml', contents: xml }],
      schema: [root],
      preload: files.filter((f) => f !== root),
    });
    const errors = result.errors
      .map((e) => readable(e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message))
      // Drop xmllint's closing summary ("message.xml fails to validate") and blank lines.
      .filter((line) => line && !/fails to validate$/.test(line));
    return {
      valid: result.valid,
      errors: result.valid ? [] : errors.length ? errors : [result.rawOutput.trim()],
    };
  } catch (err) {
    // xmllint exits with other codes for input it cannot even read (e.g. not XML, bad encoding).
    return { valid: false, errors: [String((err as Error).message || err).trim()] };
  }
}
