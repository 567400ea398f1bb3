export { listenH1AndH2c, type DualProtocolHandler, type ListeningServer } from "./h1-and-h2c-server.js";
