/**
 * A step of a scenario as reports cite it: its number (counting from 1 after
 * each reset), its proto name, and a summary that names handles and message
 * types, never values ("emit_device_frame d1 datapact.devices.band.v1.Notification").
 */
export interface StepRef {
  readonly number: number;
  readonly name: string;
  readonly summary: string;
}

/** `#4 emit_device_frame d1 datapact.devices.band.v1.Notification` */
export function stepRefToString(step: StepRef): string {
  return `#${step.number} ${step.summary || step.name}`;
}
