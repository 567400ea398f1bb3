// The cloud SDK as the bench's dependency: the built package, as a deployment
// runs it (rebuild it first: pnpm turbo run build --filter=@datapact/cloud).
export * from "@datapact/cloud";
