import { Inflate } from 'fflate';
import { DomainError } from '../errors.ts';
import { XLSX_ENTRIES_MAX } from './limits.ts';

/**
 * Just enough ZIP to read an .xlsx: the central directory (which always knows the sizes, even for entries
 * written with data descriptors) and stored or deflated entries. Inflation runs in small input slices and
 * stops as soon as the output passes the caller's limit, so a zip bomb — or a directory that lies about
 * sizes — is refused after a few megabytes, never inflated whole. No ZIP64, no encryption: an .xlsx under
 * the upload limit needs neither.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** Compressed bytes handed to the inflater at a time: one slice inflates to at most ~16 MiB (ratio ≤ 1032). */
const INFLATE_SLICE_BYTES = 16_384;

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw zipError('ZIP64 archives are not supported');
  if (count > XLSX_ENTRIES_MAX) throw zipError(`more than ${XLSX_ENTRIES_MAX} entries`);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== DIRECTORY_ENTRY) {
      throw zipError('the central directory is damaged');
    }
    if (view.getUint16(offset + 8, true) & 1) throw zipError('encrypted entries are not supported');
    const nameLength = view.getUint16(offset + 28, true);
    const skipped = nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + skipped;
  }
  return entries;
}

function findEndOfDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 65_535);
  for (let offset = view.byteLength - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY) return offset;
  }
  throw zipError('not a ZIP archive (an .xlsx file is one)');
}

/** The entry's bytes; refuses more than `bytesMax` of output, whatever the directory says. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, bytesMax: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_HEADER) {
    throw zipError(`the entry ${entry.name} is damaged`);
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  if (start + entry.compressedSize > bytes.length) throw zipError(`the entry ${entry.name} is cut short`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.uncompressedSize > bytesMax) throw tooLarge(entry.name, bytesMax);
  if (entry.method === METHOD_STORED) return data;
  if (entry.method !== METHOD_DEFLATED)
    throw zipError(`the entry ${entry.name} uses compression ${entry.method}`);
  const output = inflateBounded(data, entry.name, bytesMax);
  if (output.length !== entry.uncompressedSize) throw zipError(`the entry ${entry.name} is damaged`);
  return output;
}

function inflateBounded(data: Uint8Array, name: string, bytesMax: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > bytesMax) throw tooLarge(name, bytesMax);
    parts.push(chunk);
  });
  try {
    for (let offset = 0; offset < data.length || offset === 0; offset += INFLATE_SLICE_BYTES) {
      const last = offset + INFLATE_SLICE_BYTES >= data.length;
      inflater.push(data.subarray(offset, offset + INFLATE_SLICE_BYTES), last);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw zipError(`the entry ${name} does not inflate`);
  }
  const output = new Uint8Array(total);
  let position = 0;
  for (const part of parts) {
    output.set(part, position);
    position += part.length;
  }
  return output;
}

function tooLarge(name: string, bytesMax: number): DomainError {
  return zipError(`the entry ${name} inflates to more than ${bytesMax} bytes`);
}

function zipError(detail: string): DomainError {
  return new DomainError('validation-failed', `The spreadsheet cannot be read: ${detail}.`, {
    fieldErrors: [{ field: 'file', detail }],
  });
}
