// Copy the npm packages Agora serves into static/vendor/ (collected like any static file).
import { copyFileSync, mkdirSync } from "node:fs";

const files = [["node_modules/htmx.org/dist/htmx.min.js", "static/vendor/htmx.min.js"]];
mkdirSync("static/vendor", { recursive: true });
for (const [from, to] of files) {
  copyFileSync(from, to);
  console.log(`copied ${from} -> ${to}`);
}
