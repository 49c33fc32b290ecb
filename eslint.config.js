// Flat ESLint config: recommended JS + TypeScript rules, and the layering of ../shared/ARCHITECTURE.md
// (components → app → learning → core; cli on top; only src/learning touches tfjs) enforced as
// import restrictions, so a wrong-way import fails `npm run lint` rather than waiting for review.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Relative import of a sibling layer, at any depth: '../app', '../../app/store', … */
const layer = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

const noTfjs = {
  group: ['@tensorflow/*'],
  message: 'Only src/learning may import tfjs; tensors never leave that folder.',
};
const noLit = {
  group: ['lit', 'lit/*', '@lit/*'],
  message: 'Lit belongs in src/components; this layer must run without a DOM.',
};

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test-results/', '.vitest-attachments/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTfjs,
            noLit,
            { group: ['node:*'], message: 'src/core must run in browsers too: no Node built-ins.' },
            {
              regex: layer('app', 'components', 'learning', 'cli'),
              message: 'src/core is the bottom layer: pure TypeScript, importing only from src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/learning/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noLit,
            {
              regex: layer('app', 'components', 'cli'),
              message: 'src/learning may import only src/core (and tfjs); it reports plain data upward.',
            },
          ],
          paths: [
            {
              name: '@tensorflow/tfjs',
              message: "The umbrella package would put layers, converter and data into the worker: take `tf` from './tf' (tfjs-core).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTfjs,
            {
              regex: layer('learning'),
              message: 'Components render snapshots; the learning engine is reached through src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noTfjs,
            { regex: layer('components'), message: 'src/app sits below the components: it never imports them.' },
            {
              regex: layer('learning'),
              allowTypeImports: true,
              message:
                'src/app talks to src/learning through the worker: `import type` only (message shapes).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/learning/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Pass the seeded rng (src/core/rng) in: same seed ⇒ same run.',
        },
      ],
    },
  },
);
