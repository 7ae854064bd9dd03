import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Who may import whom (DESIGN §10): dependencies point inwards, nothing imports an app or an e2e suite.
const LIBS = ['type:feature', 'type:adapter', 'type:contract', 'type:util'];
const allow = (sourceTag, tags) => ({ sourceTag, onlyDependOnLibsWithTags: tags });
const DEPENDENCY_RULES = [
  allow('type:app', [...LIBS, 'type:testing', 'type:tool']),
  allow('type:e2e', [...LIBS, 'type:testing', 'type:tool']),
  allow('type:tool', [...LIBS, 'type:testing', 'type:tool']),
  allow('type:testing', [...LIBS, 'type:tool']),
  allow('type:feature', [...LIBS, 'type:testing']),
  allow('type:adapter', ['type:adapter', 'type:contract', 'type:util', 'type:testing']),
  allow('type:contract', ['type:util']),
  allow('type:util', ['type:util']),
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/tmp',
      '**/data',
      '**/coverage',
      '.nx',
      'libs/contract/src/generated/**',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: DEPENDENCY_RULES,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
  },
  prettier,
];
