// e2e specs start real processes (a build, three apps, Unleash): give every test and hook a minute.
// `testTimeout` in a project's Jest config is ignored when the root config runs the projects together,
// so it is set here, per file, through setupFilesAfterEnv.
jest.setTimeout(60_000);
