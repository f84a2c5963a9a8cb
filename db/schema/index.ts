export * from "./auth";
export * from "./data";
export * from "./experiments";
export * from "./models";
export * from "./snapshots";
export * from "./webhooks";
export * from "./alerts";
