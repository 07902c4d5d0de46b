/**
 * Imported before Ink, on purpose. Ink decides at load time, from the CI environment variables,
 * whether to draw live or only print a last frame. The inbox runs only after checking that
 * stdin and stdout are real terminals, so it must draw live even where CI=true is set (a CI
 * job driving it in a pseudo-terminal, a developer's shell that exports CI).
 */
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
