export { SharingClient, type ShareList } from "./sharing-client.js";
