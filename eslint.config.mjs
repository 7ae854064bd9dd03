import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

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
      // Dependencies point inwards (DESIGN §10): apps → features → adapters/contract → utils; nothing imports an app.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:adapter',
                'type:contract',
                'type:util',
                'type:testing',
                'type:tool',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:adapter',
                'type:contract',
                'type:util',
                'type:testing',
                'type:tool',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:adapter',
                'type:contract',
                'type:util',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:adapter', 'type:contract', 'type:util', 'type:testing'],
            },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:adapter',
                'type:contract',
                'type:util',
                'type:tool',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:adapter',
                'type:contract',
                'type:util',
                'type:testing',
                'type:tool',
              ],
            },
          ],
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
