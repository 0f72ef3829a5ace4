import net from 'node:net';

// How the proxy reaches the outside. The direct dialer connects from the workstation; a persona's upstream
// (HTTP CONNECT or SOCKS5 to a proxy of the persona) will be another Dialer, with the same contract: open a
// byte stream to exactly `address`:`target.port`, an address the policy already checked.

export type EgressTarget = { host: string; port: number };

export type Dialer = {
  name: string;
  open(target: EgressTarget, address: string): Promise<net.Socket>;
};

/** Never a name: a lookup here would be a second resolution, unchecked (DNS rebinding). */
const noLookup: net.LookupFunction = (hostname, _options, callback) => {
  callback(new Error(`résolution refusée dans le numéroteur : ${hostname}`), '', 4);
};

export function directDialer(timeoutMs = 15_000): Dialer {
  return {
    name: 'direct',
    open(target, address) {
      if (!net.isIP(address)) return Promise.reject(new Error(`adresse attendue, reçu « ${address} »`));
      return new Promise((resolve, reject) => {
        const socket = net.connect({ host: address, port: target.port, lookup: noLookup });
        const fail = (e: Error) => {
          socket.destroy();
          reject(e);
        };
        socket.setTimeout(timeoutMs, () => fail(new Error(`délai de connexion dépassé vers ${address}:${target.port}`)));
        socket.once('error', fail);
        socket.once('connect', () => {
          socket.setTimeout(0);
          socket.off('error', fail);
          resolve(socket);
        });
      });
    },
  };
}
