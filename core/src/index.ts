/** Shared schemas and types for server and web. No Node or React imports here. */
export * from './fnr.ts';
export * from './schemas.ts';
export * from './dialog.ts';
export * from './dialog-api.ts';
export * from './appointments.ts';
export * from './letters.ts';
export * from './notify.ts';
export * from './oslo.ts';
export * from './fees.ts';
export * from './tools.ts';
export * from './records.ts';
export * from './statistics.ts';
export * from './dialog-rules.ts';
export * from './campaigns.ts';
export * from './forms.ts';
export * from './workspace.ts';
export * from './journal.ts';
export { LANGUAGES, DEFAULT_LANGUAGE, isLanguage, type Language } from './constants.ts';
