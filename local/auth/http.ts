/** Reading requests and writing JSON answers, with the headers Supabase Auth puts on them. */
import type http from "node:http";
import net from "node:net";
import { API_VERSION, API_VERSION_HEADER, AuthError } from "./errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this, a client still sending is cut off instead of drained. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });
export const noContent = (): Reply => ({ status: 204 });

export class BodyTooLargeError extends AuthError {
  constructor(limit: number) {
    super(413, "request_too_large", `Request body cannot be larger than ${limit} bytes`);
  }
}

/** The client closed the connection before sending its whole body: nobody to answer. */
export class ClientGoneError extends Error {}

/**
 * The body as text. Too large a body is drained (so the client gets to read the 413) and refused;
 * one far too large gets its connection closed.
 */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on("end", () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks).toString("utf8"))));
    req.on("close", () => {
      if (!req.complete) reject(size > limit ? new BodyTooLargeError(limit) : new ClientGoneError());
    });
    req.on("error", reject);
  });
}

export function send(res: http.ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { [API_VERSION_HEADER]: API_VERSION, ...extraHeaders, ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

export const errorReply = (error: AuthError): Reply => ({ status: error.status, body: error.body() });

/** The caller's address: the gateway's X-Forwarded-For when it is a valid IP, else the socket's. */
export function clientIp(req: http.IncomingMessage): string | undefined {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  if (first && net.isIP(first)) return first;
  const remote = req.socket.remoteAddress;
  return remote && net.isIP(remote) ? remote : undefined;
}
