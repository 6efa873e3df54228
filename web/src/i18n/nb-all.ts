import { nb } from './nb.ts';
import { nbAreas } from './nb-areas.ts';

/**
 * The whole bokmål catalogue (start catalogue and areas) for scripts and tests. The web app never
 * imports this: it bundles nb.ts and loads nb-areas.ts with the first non-start page.
 */
export const nbAll = { ...nb, ...nbAreas } as const;
