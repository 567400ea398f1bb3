export { BindingClient, type BindingChallengeGrant, type BoundDeviceGrant, type DeviceBindingRequest } from "./binding-client.js";
