import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.next-*/**', 'node_modules/**', '.data*/**', 'drizzle/**', 'test-results/**', 'test-reports/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The product's rules live in lib/domain: pure TypeScript, testable without a framework.
    files: ['lib/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*', 'react', 'react-dom', 'drizzle-orm', 'drizzle-orm/*', '@elastic/*', 'server-only', '@/lib/db/*', '../db/*'], message: 'lib/domain is pure: no framework, database or search imports.' },
          ],
        },
      ],
    },
  },
  {
    // One search seam: Elasticsearch types never leave lib/search.
    files: ['app/**', 'components/**', 'lib/data/**', 'lib/credentials/**', 'lib/auth/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@elastic/*'], message: 'Only lib/search talks to Elasticsearch.' }] }],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**'],
    // Playwright fixtures call their callback \`use\`, which the React hooks rule mistakes for React's \`use\`.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
];

export default config;
