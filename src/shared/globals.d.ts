// src/shared compiles without DOM or Node typings so that nothing platform-specific leaks in.
// These few Web-platform globals exist identically in Node ≥ 20, browsers and Electron; only the
// members the shared code relies on are declared.
declare class URL {
  constructor(input: string, base?: string);
  href: string;
  protocol: string;
  username: string;
  password: string;
  hostname: string;
  host: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}
declare class URLSearchParams {
  constructor(init?: string);
  sort(): void;
  toString(): string;
  forEach(cb: (value: string, key: string) => void): void;
  delete(name: string): void;
}
