/** Writes docs/figures.md from the figure definitions in src/shared/figures.ts: `npm run figures:doc`. */
import fs from 'node:fs';
import { figuresMarkdown } from '../src/shared/figures.js';

fs.writeFileSync('docs/figures.md', figuresMarkdown());
console.log('docs/figures.md');
