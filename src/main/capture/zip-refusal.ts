// Why the evidence ZIP reader refuses an archive or one of its entries. Each reason has a stable code (for
// callers, tests and the JSON of `pharos verify`) and a French sentence naming the entry, because a court
// expert must be able to point at what is wrong. Anything that two ZIP tools could read differently is
// refused: the verifier must certify the bytes that every unzip tool extracts, not one reading among several.

export type ZipRefusalCode =
  | 'unreadable' // not a ZIP, truncated, a record cut short
  | 'multi-disk' // split/spanned archives
  | 'multiple-end-records'
  | 'archive-comment'
  | 'entry-comment'
  | 'zip64-inconsistent'
  | 'count-mismatch' // entry counts of the end record(s) vs the central directory
  | 'central-directory-bounds' // the central directory is not where, or not as long as, the end record says
  | 'data-before-entries'
  | 'data-between-entries' // also between the last entry and the central directory
  | 'data-after-central-directory' // between the central directory and the end record
  | 'data-after-end' // after the end record
  | 'overlapping-entries'
  | 'header-mismatch' // central directory and local header disagree
  | 'descriptor-mismatch' // data descriptor disagrees with the central directory
  | 'encrypted'
  | 'unsupported-method'
  | 'unsupported-flags'
  | 'extra-field' // malformed or unknown extra field (bytes the datapackage does not cover)
  | 'name-encoding' // not valid UTF-8, or non-ASCII without the UTF-8 flag
  | 'empty-name'
  | 'control-character'
  | 'backslash'
  | 'absolute-path'
  | 'dot-segment' // "." or ".." segment
  | 'empty-segment' // "a//b"
  | 'duplicate-name'
  | 'ambiguous-name' // equal to another after Unicode normalisation and case folding
  | 'path-conflict' // a file named like a folder of another entry
  | 'special-file' // symbolic link, device, …
  | 'directory-with-data'
  | 'too-many-entries'
  | 'unlisted-entry'
  | 'size-mismatch' // sizes of the central directory, the data or the datapackage differ
  | 'size-exceeded' // inflates beyond the declared size
  | 'crc-mismatch'
  | 'compressed-data-mismatch' // the deflate stream ends before, or runs past, the entry's compressed bytes
  | 'compression-ratio' // a deflated entry announced far larger than any real file compresses to
  | 'package-too-large';

export class ZipRefusal extends Error {
  constructor(
    readonly code: ZipRefusalCode,
    /** The entry's name as stored (null: the archive as a whole). */
    readonly entry: string | null,
    detail: string,
  ) {
    super(entry !== null ? `${entry} : ${detail}` : code === 'unreadable' ? `archive ZIP illisible : ${detail}` : `archive ZIP refusée : ${detail}`);
    this.name = 'ZipRefusal';
  }
}

/** How an entry is named in messages: its name, or its position when the name itself is unusable. */
export function entryLabel(name: string | null, index: number): string {
  if (name === null || name === '') return `entrée n° ${index + 1}`;
  // Control and format characters are shown escaped, so that a name cannot rewrite the line it is shown on.
  return name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}}`);
}
