// The baseline of the alert benchmarks: a workflow that does nothing, so starting and completing it
// costs what Temporal itself costs per workflow on this server.
export async function empty(): Promise<void> {}
