// Vite builds the dashboard into dist/ (index.html + hashed files under dist/assets/), which
// opsdesk serves at / next to the API. For development, `npm run dev` (or `npm run preview`
// after a build) forwards /v1 to a running opsdesk, so the app's relative /v1/... calls work
// unchanged: OPSDESK_URL=http://127.0.0.1:18090 npm run dev
import { defineConfig } from 'vite';

const target = process.env.OPSDESK_URL ?? 'http://127.0.0.1:8080';
// The board stream is a long-lived text/event-stream answer; the proxy passes it through as it
// comes (no buffering), so the dev server shows live updates like the real one.
const proxy = { '/v1': { target, changeOrigin: true } };

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // The app is served by opsdesk inside the centre: no CDN, every asset is bundled.
    target: 'es2022',
  },
  server: { proxy, host: '127.0.0.1' },
  preview: { proxy, host: '127.0.0.1' },
});
