import dgram from 'node:dgram';
import net from 'node:net';

/**
 * The local address the operating system uses to reach `remote` (a UDP "connect" sends nothing). It is the
 * workstation's egress interface; the public address behind a NAT is not knowable without a third party.
 */
export async function egressAddress(remote: string | null): Promise<string | null> {
  if (!remote || !net.isIP(remote)) return null;
  const socket = dgram.createSocket(net.isIPv6(remote) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, remote, () => resolve());
    });
    return socket.address().address;
  } catch {
    return null;
  } finally {
    socket.close();
  }
}
