import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditEntrySchema, canonicalJson, chainEntry, entryHashOf, verifyChain, type AuditEntry, type ChainHead } from '@shared/audit/chain';

const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

function chain(n: number, head: ChainHead = null): { entries: AuditEntry[]; payloads: unknown[] } {
  const entries: AuditEntry[] = [];
  const payloads: unknown[] = [];
  let h = head;
  for (let i = 0; i < n; i++) {
    const payload = { mutationId: i + 1, args: { reportId: `r${i}`, text: `note ${i} — é` } };
    const e = chainEntry(sha256, h, { actor: 'ana', device: 'dev-1', at: new Date(1_800_000_000_000 + i).toISOString(), action: 'note', payload });
    entries.push(e);
    payloads.push(payload);
    h = { seq: e.seq, hash: e.hash };
  }
  return { entries, payloads };
}

describe('canonical JSON (RFC 8785 subset)', () => {
  it('sorts keys, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1.5, y: 'é\n"' } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"é\\n\\"","z":1.5}}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non fini/);
    expect(() => canonicalJson({ x: () => 1 })).toThrow(/function/);
  });
});

describe('audit chain', () => {
  it('starts at genesis, links each entry to the previous one, and verifies', () => {
    const { entries, payloads } = chain(5);
    expect(entries[0]).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS });
    expect(entries[3]?.prevHash).toBe(entries[2]?.hash);
    expect(entries.every((e) => AuditEntrySchema.safeParse(e).success)).toBe(true);
    expect(verifyChain(sha256, null, entries, payloads)).toBeNull();
    // A later segment verifies from the head it continues.
    expect(verifyChain(sha256, { seq: 2, hash: entries[1]!.hash }, entries.slice(2))).toBeNull();
  });

  it('detects a change to any field of any entry', () => {
    const { entries, payloads } = chain(4);
    const changes: Record<keyof AuditEntry, (e: AuditEntry) => AuditEntry> = {
      seq: (e) => ({ ...e, seq: e.seq + 1 }),
      prevHash: (e) => ({ ...e, prevHash: sha256('autre') }),
      actor: (e) => ({ ...e, actor: 'bob' }),
      device: (e) => ({ ...e, device: 'dev-2' }),
      at: (e) => ({ ...e, at: '2030-01-01T00:00:00.000Z' }),
      action: (e) => ({ ...e, action: 'claim' }),
      payloadHash: (e) => ({ ...e, payloadHash: sha256('{}') }),
      hash: (e) => ({ ...e, hash: sha256('x') }),
    };
    for (const [field, change] of Object.entries(changes)) {
      const tampered = entries.map((e, i) => (i === 2 ? change(e) : e));
      const broken = verifyChain(sha256, null, tampered, payloads);
      expect(broken, field).not.toBeNull();
      expect(broken?.seq, field).toBe(field === 'seq' ? 4 : 3);
    }
  });

  it('detects a changed payload, a removed entry, a repeated one and a forged re-hash', () => {
    const { entries, payloads } = chain(4);
    const otherPayloads = payloads.map((p, i) => (i === 1 ? { ...(p as object), args: { text: 'autre' } } : p));
    expect(verifyChain(sha256, null, entries, otherPayloads)).toMatchObject({ seq: 2, kind: 'payload' });
    expect(verifyChain(sha256, null, [entries[0]!, entries[2]!])).toMatchObject({ seq: 3, kind: 'seq' });
    expect(verifyChain(sha256, null, [entries[0]!, entries[1]!, entries[1]!])).toMatchObject({ seq: 2, kind: 'seq' });
    // Re-hashing a changed entry makes it consistent with itself, not with the next one.
    const forged = { ...entries[1]!, actor: 'bob' };
    forged.hash = entryHashOf(sha256, forged);
    expect(verifyChain(sha256, null, [entries[0]!, forged, entries[2]!])).toMatchObject({ seq: 3, kind: 'prev' });
    // A segment that does not continue the given head.
    expect(verifyChain(sha256, { seq: 1, hash: sha256('ailleurs') }, entries.slice(1))).toMatchObject({ seq: 2, kind: 'prev' });
  });

  it('hashes the documented canonical text', () => {
    const [e] = chain(1).entries;
    const text = `{"action":"note","actor":"ana","at":"${e!.at}","device":"dev-1","payloadHash":"${e!.payloadHash}","prevHash":"${AUDIT_GENESIS}","seq":1}`;
    expect(e!.hash).toBe(sha256(text));
    expect(e!.payloadHash).toBe(sha256('{"args":{"reportId":"r0","text":"note 0 — é"},"mutationId":1}'));
  });
});
