/**
 * What the hardware is, fixed at manufacture: it survives unbind and factory
 * reset because it identifies the device, not its user.
 */
export interface DeviceIdentity {
  /** Bluetooth MAC, "AA:BB:CC:DD:EE:FF". */
  readonly mac: string;
  readonly serialNumber: string;
  /** The 32-byte factory key from the secure element (see deriveFactoryKey). */
  readonly factoryKey: Uint8Array;
}
