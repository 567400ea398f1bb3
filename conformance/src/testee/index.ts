export type { Testee, TesteeOptions } from "./testee.js";
export { defaultStepTimeoutMs } from "./testee.js";
export { TesteeError, type TesteeErrorCode } from "./testee-error.js";
export { encodeFrame, FrameDecoder, FramingError, defaultMaxFrameBytes, type FramingErrorCode } from "./length-prefixed-frames.js";
export { spawnTestee, type SubprocessTesteeOptions } from "./subprocess-testee.js";
export { connectTestee, type ConnectTesteeOptions } from "./connect-testee.js";
export { serveHarness, type HarnessHandler, type ServeHarnessOptions } from "./serve-harness.js";
export { stepLabel } from "./response-check.js";
export { subprocessLauncher, connectLauncher, type TesteeLauncher } from "./testee-launcher.js";
