// The safety net of every Jest run: suites close what they start in afterAll (also when beforeAll failed
// half-way), and whatever is still open once the last suite is done cannot keep Jest alive, so a failing
// run ends red at once instead of hanging until CI's time limit. In CI (`CI` set) Jest also lists the
// handles a suite left open. apps/e2e/src/jest-safety-net.spec.ts proves it on a failing fixture suite.
module.exports = { forceExit: true, detectOpenHandles: Boolean(process.env.CI) };
