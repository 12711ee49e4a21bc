/**
 * Loopback only (DESIGN.md, rules of the house): nothing in process mode listens on or connects
 * to an address outside 127.0.0.0/8. Every listen and connect in the transport goes through this
 * check, so a wrong address is an error at once rather than a port open to the network.
 */

export const loopbackHost = "127.0.0.1";

const loopbackPattern = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isLoopbackHost(host: string): boolean {
  const match = loopbackPattern.exec(host);
  if (match === null) return false;
  return match.slice(1).every((octet) => Number(octet) <= 255);
}

export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new Error(`address ${host} is not on 127.0.0.0/8: process mode talks over loopback only`);
  }
}

/** A TCP endpoint on loopback. */
export interface LoopbackAddress {
  host: string;
  port: number;
}

export function assertPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`port ${port} is not an integer in 1..65535`);
  }
}
