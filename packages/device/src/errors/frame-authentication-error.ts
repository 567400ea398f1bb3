import { DeviceSdkError } from "./device-sdk-error.js";

/**
 * A sealed frame failed AES-GCM authentication: it was tampered with, or it
 * was sealed under another key (another session, a wrong pairing secret).
 */
export class FrameAuthenticationError extends DeviceSdkError {
  override readonly name = "FrameAuthenticationError";
  readonly code = "BAD_AUTH_TAG";
  constructor(readonly sequence: number) {
    super(`frame ${sequence} failed authentication (tampered, or sealed under another key)`);
  }
}
