// Lint: rules that find faults (typescript-eslint's and Vue's recommended sets), not layout; `npm run lint`,
// and a step of `npm test`. Type checking is tsc's and vue-tsc's job, so no rule here needs type information.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'data/', 'bench/.data/', 'test-results/', 'docs/', 'migrations/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/web/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    rules: {
      // the full-width space (U+3000) belongs to the Chinese texts (documents, reports, labels), not to code
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
      // `_`-prefixed names are deliberately unused (a field taken out of an object by destructuring, a placeholder argument)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.vue'],
    rules: {
      // the template-aware form of the same rule: text and attribute values are Chinese texts
      'no-irregular-whitespace': 'off',
      'vue/no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipHTMLTextContents: true, skipHTMLAttributeValues: true }],
      // page components are named by the router, never used as tags, so a one-word name shadows no HTML element
      'vue/multi-word-component-names': 'off',
    },
  },
);
