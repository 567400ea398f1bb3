import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/**
 * A pool of HTTP/1.1 connections owned by one transport. The account and the
 * analytics transports never share a connection: a connection that carried
 * an account call and then an analytics call would let the server join the
 * two. Analytics connections are not kept alive either, so separate batches
 * do not arrive on one connection.
 */
export function connectionPool(baseUrl: string, keepAlive: boolean): HttpAgent {
  return new URL(baseUrl).protocol === "https:" ? new HttpsAgent({ keepAlive }) : new HttpAgent({ keepAlive });
}
