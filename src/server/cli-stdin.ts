/**
 * The password piped on stdin (first line, trailing newline removed), or null when stdin is a terminal,
 * empty, or silent for `waitMs` (a pipe inherited from a parent that never writes must not hang us).
 */
export async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin, waitMs = 2000): Promise<string | null> {
  if (stdin.isTTY) return null;
  return new Promise((resolve) => {
    let data = '';
    const finish = (value: string | null) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), waitMs);
    const onData = (chunk: Buffer | string) => {
      clearTimeout(timer);
      data += chunk.toString();
      if (data.includes('\n')) finish(firstLine(data));
    };
    const onEnd = () => finish(firstLine(data));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

function firstLine(data: string): string | null {
  const first = data.split(/\r?\n/)[0] ?? '';
  return first.length > 0 ? first : null;
}
