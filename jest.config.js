// Three projects: fast unit tests of single modules, integration tests that run against the real Temporal dev
// server and PostgreSQL started once per run by test/setup/global-setup.ts, and the fault suites (test/faults), run
// as a stage of their own.
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@libs/(.*)$': '<rootDir>/libs/$1',
  '^@activities$': '<rootDir>/activities',
  '^@activities/(.*)$': '<rootDir>/activities/$1',
};

const common = {
  rootDir: __dirname,
  // jose (JWT, JWKS) ships only ES modules; jest's CommonJS runtime needs it compiled like our own code.
  transform: { '^.+\\.ts$': swcTransform, '/node_modules/jose/.+\\.js$': swcTransform },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration suites start real applications against real servers; a per-test budget of a minute is generous.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/activities'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      // The fault suites are a stage of their own (npm run test:faults).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['reflect-metadata', '<rootDir>/test/setup/quiet-temporal.ts'],
      slowTestThreshold: 30,
    },
    {
      // Crashes and outages (worker or API killed, Temporal restarted, PostgreSQL cut off) against the compiled
      // processes; a stage of its own after the integration suites: jest --selectProjects faults.
      ...common,
      displayName: 'faults',
      roots: ['<rootDir>/test/faults'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['reflect-metadata', '<rootDir>/test/setup/quiet-temporal.ts'],
      slowTestThreshold: 60,
    },
  ],
};
