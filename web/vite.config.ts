import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The build goes into the Python package's data folder, from where `scg serve` serves it.
export default defineConfig({
  // GraphiQL is a React component: keep real React for its (lazy) chunk, Preact elsewhere.
  plugins: [preact({ reactAliasesEnabled: false })],
  build: {
    outDir: "../service/api/static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
