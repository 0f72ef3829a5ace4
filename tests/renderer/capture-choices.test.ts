import { describe, expect, it } from 'vitest';
import { captureChoices } from '../../src/renderer/features/decision/CapturePicker';

describe('captures offered to the verification', () => {
  const server = [
    { captureId: 'a', url: 'https://x.example/1', state: 'complete', startedAt: '2026-11-20T10:00:00.000Z', recordedBy: 'bob' },
    { captureId: 'b', url: 'https://x.example/2', state: 'partial', startedAt: '2026-11-21T10:00:00.000Z', recordedBy: 'ana' },
  ];
  const local = [{ id: 'b', url: 'https://x.example/2', state: 'partial', startedAt: '2026-11-21T10:00:00.000Z', operator: 'Ana' }, { id: 'c', url: 'https://x.example/3', state: 'running', startedAt: '2026-11-22T10:00:00.000Z', operator: 'Ana' }];

  it('lists each capture once, newest first, with the thumbnail held here and the author known to the server', () => {
    const choices = captureChoices(local, server, { b: 'data:image/png;base64,xx' });
    expect(choices.map((c) => c.id)).toEqual(['c', 'b', 'a']);
    expect(choices.find((c) => c.id === 'b')).toMatchObject({ by: 'ana', thumbnail: 'data:image/png;base64,xx' });
    expect(choices.find((c) => c.id === 'a')).toMatchObject({ by: 'bob', thumbnail: null });
    expect(choices.find((c) => c.id === 'c')).toMatchObject({ by: 'Ana', thumbnail: null });
  });
});
