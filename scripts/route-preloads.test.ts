/** scripts/route-preloads.ts: what each route needs beyond the entry chunk, from a build manifest. */
import { describe, expect, it } from 'vitest';
import { routePreloads } from './route-preloads.ts';
import { routePattern } from '../server/src/web-index.ts';

const app = `
const Landing = namedStart(() => import('./pages/Landing.tsx'), 'Landing');
const Thread = named(() => import('./dialog/Thread.tsx'), 'Thread');
<Route index element={<Landing />} />
<Route path="citizen/messages/:threadId" element={<Thread />} />
`;
const manifest = {
  'src/main.tsx': { file: 'assets/index-E.js', isEntry: true, imports: ['_shared.js'], css: ['assets/index-E.css'] },
  '_shared.js': { file: 'assets/shared-S.js' },
  'src/pages/Landing.tsx': { file: 'assets/Landing-L.js', imports: ['_shared.js'] },
  'src/dialog/Thread.tsx': { file: 'assets/Thread-T.js', imports: ['_shared.js', '_parts.js'], css: ['assets/Thread-T.css'] },
  '_parts.js': { file: 'assets/parts-P.js', css: ['assets/parts-P.css'] },
  'src/i18n/nb-areas.ts': { file: 'assets/nb-areas-A.js' },
};

describe('route preloads', () => {
  it('names each page’s chunk, its imports and styles, and the areas’ texts for a page that waits for them — never what the entry brings', () => {
    expect(routePreloads(manifest, app)).toEqual([
      { path: '/', scripts: ['assets/Landing-L.js'], styles: [] },
      {
        path: '/citizen/messages/:threadId',
        scripts: ['assets/Thread-T.js', 'assets/parts-P.js', 'assets/nb-areas-A.js'],
        styles: ['assets/Thread-T.css', 'assets/parts-P.css'],
      },
    ]);
  });

  it('matches pathnames as the router does', () => {
    expect(routePattern('/citizen/messages/:threadId').test('/citizen/messages/abc')).toBe(true);
    expect(routePattern('/citizen/messages/:threadId').test('/citizen/messages/abc/')).toBe(true);
    expect(routePattern('/citizen/messages/:threadId').test('/citizen/messages')).toBe(false);
    expect(routePattern('/citizen/messages/:threadId').test('/citizen/messages/a/b')).toBe(false);
    expect(routePattern('/').test('/')).toBe(true);
    expect(routePattern('/*').test('/anything/at/all')).toBe(true);
  });
});
