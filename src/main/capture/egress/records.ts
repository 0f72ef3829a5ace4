import type net from 'node:net';
import type { BlockReason, EgressConnection } from '@shared/evidence/provenance';

// The proxy's account of each connection, kept for the WARC (connected IP) and the provenance.

export class ConnectionBook {
  readonly all: EgressConnection[] = [];

  open(kind: EgressConnection['kind'], host: string, port: number): EgressConnection {
    const c: EgressConnection = {
      id: this.all.length + 1,
      kind,
      host,
      port,
      resolved: [],
      connected: null,
      local: null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      bytesSent: 0,
      bytesReceived: 0,
      refused: null,
      error: null,
      tls: null,
    };
    this.all.push(c);
    return c;
  }

  refuse(c: EgressConnection, reason: BlockReason, detail: string): void {
    c.refused = { reason, detail };
    c.endedAt = new Date().toISOString();
  }

  /** Follows the upstream socket: its addresses now, its byte counts and end when it closes. */
  attach(c: EgressConnection, upstream: net.Socket, address: string): void {
    c.connected = address;
    c.local = upstream.localAddress ? `${upstream.localAddress}:${upstream.localPort ?? 0}` : null;
    const done = () => {
      c.bytesSent = upstream.bytesWritten;
      c.bytesReceived = upstream.bytesRead;
      c.endedAt ??= new Date().toISOString();
    };
    upstream.once('close', done);
  }

  /** Connections still open when the capture ends get their counts as of now. */
  finish(sockets: Map<net.Socket, EgressConnection>): void {
    for (const [s, c] of sockets) {
      c.bytesSent = s.bytesWritten;
      c.bytesReceived = s.bytesRead;
      c.endedAt ??= new Date().toISOString();
    }
  }
}
