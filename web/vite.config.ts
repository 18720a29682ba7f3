// The web app's build: React, served by the API at /app/ (so every asset URL starts there).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '^/(?!app/).*': 'http://localhost:3000' } },
});
