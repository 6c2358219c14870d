/**
 * A small GGUF v3 writer: header, metadata key/values, tensor infos, aligned tensor data.
 * Tensor data is produced and written in chunks, so a model of hundreds of MB never sits
 * in memory (once, let alone twice). Same input → same bytes.
 *
 * Layout (little-endian): "GGUF", version u32, tensor count u64, metadata count u64,
 * metadata (key string, type u32, value), tensor infos (name, n_dims u32, dims u64…,
 * ggml type u32, offset u64 relative to the data section), padding to the alignment,
 * then each tensor's data padded to the alignment.
 */
import { open } from 'node:fs/promises';
import { float32ToFloat16Bits } from './float16.js';
import type { ValueSource } from './seededWeights.js';

/** GGUF metadata value types, by their on-disk codes. */
const VALUE_TYPE = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufNumberType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
export type GgufBigIntType = 'uint64' | 'int64';
export type GgufItemType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

export type GgufValue =
  | { readonly type: GgufNumberType; readonly value: number }
  | { readonly type: GgufBigIntType; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly itemType: GgufNumberType; readonly values: ArrayLike<number> }
  | { readonly type: 'array'; readonly itemType: GgufBigIntType; readonly values: readonly bigint[] }
  | { readonly type: 'array'; readonly itemType: 'bool'; readonly values: readonly boolean[] }
  | { readonly type: 'array'; readonly itemType: 'string'; readonly values: readonly string[] };

/** Shorthands for metadata values, so a model description reads like its GGUF dump. */
export const gguf = {
  u32: (value: number): GgufValue => ({ type: 'uint32', value }),
  i32: (value: number): GgufValue => ({ type: 'int32', value }),
  f32: (value: number): GgufValue => ({ type: 'float32', value }),
  u64: (value: bigint): GgufValue => ({ type: 'uint64', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  str: (value: string): GgufValue => ({ type: 'string', value }),
  strings: (values: readonly string[]): GgufValue => ({ type: 'array', itemType: 'string', values }),
  f32s: (values: ArrayLike<number>): GgufValue => ({ type: 'array', itemType: 'float32', values }),
  i32s: (values: ArrayLike<number>): GgufValue => ({ type: 'array', itemType: 'int32', values }),
};

/** ggml tensor types this writer can produce, by their ggml codes. */
const GGML_TYPE = { f32: 0, f16: 1 } as const;
export type GgufTensorType = keyof typeof GGML_TYPE;

export interface GgufTensor {
  readonly name: string;
  /** ggml order: fastest-varying first (token_embd.weight is [embedding, vocab]). */
  readonly dims: readonly number[];
  readonly type: GgufTensorType;
  /** Called once, when the tensor is written; the source then fills its values in storage order. */
  readonly values: () => ValueSource;
}

export interface GgufContent {
  /** Written in insertion order. */
  readonly metadata: Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensor[];
}

export interface GgufWriteResult {
  /** Total file size. */
  readonly bytes: number;
  /** Where the tensor data section starts (everything before it is header). */
  readonly dataOffset: number;
}

/** GGUF's default; written to `general.alignment` only if the caller puts it there. */
const ALIGNMENT = 32;
/** Elements generated and written per chunk. */
const CHUNK_ELEMENTS = 1 << 20;

export async function writeGguf(file: string, content: GgufContent): Promise<GgufWriteResult> {
  const alignmentValue = content.metadata['general.alignment'];
  const alignment = alignmentValue?.type === 'uint32' ? alignmentValue.value : ALIGNMENT;
  const header = new ByteSink();
  header.bytes(Buffer.from('GGUF', 'latin1'));
  header.u32(3);
  header.u64(BigInt(content.tensors.length));
  const entries = Object.entries(content.metadata);
  header.u64(BigInt(entries.length));
  for (const [key, value] of entries) {
    header.string(key);
    writeValue(header, value);
  }

  const layout = content.tensors.map((tensor) => {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (!Number.isSafeInteger(elements) || elements <= 0) throw new RangeError(`tensor ${tensor.name} has bad dims`);
    return { tensor, elements, bytes: elements * (tensor.type === 'f32' ? 4 : 2) };
  });
  let offset = 0;
  for (const { tensor, bytes } of layout) {
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const dim of tensor.dims) header.u64(BigInt(dim));
    header.u32(GGML_TYPE[tensor.type]);
    header.u64(BigInt(offset));
    offset += padTo(bytes, alignment);
  }
  const headerBytes = header.toBuffer();
  const dataOffset = padTo(headerBytes.length, alignment);

  const handle = await open(file, 'w');
  try {
    await handle.write(headerBytes);
    await handle.write(Buffer.alloc(dataOffset - headerBytes.length));
    const values = new Float32Array(CHUNK_ELEMENTS);
    const halves = new Uint16Array(CHUNK_ELEMENTS);
    for (const { tensor, elements, bytes } of layout) {
      const source = tensor.values();
      for (let start = 0; start < elements; start += CHUNK_ELEMENTS) {
        const chunk = values.subarray(0, Math.min(CHUNK_ELEMENTS, elements - start));
        source(chunk);
        if (tensor.type === 'f32') {
          await handle.write(new Uint8Array(chunk.buffer, 0, chunk.byteLength));
        } else {
          float32ToFloat16Bits(chunk, halves);
          await handle.write(new Uint8Array(halves.buffer, 0, chunk.length * 2));
        }
      }
      const padding = padTo(bytes, alignment) - bytes;
      if (padding > 0) await handle.write(Buffer.alloc(padding));
    }
  } finally {
    await handle.close();
  }
  return { bytes: dataOffset + offset, dataOffset };
}

function padTo(size: number, alignment: number): number {
  return Math.ceil(size / alignment) * alignment;
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  sink.u32(VALUE_TYPE[value.type]);
  if (value.type !== 'array') {
    writeItem(sink, value.type, value.value);
    return;
  }
  sink.u32(VALUE_TYPE[value.itemType]);
  sink.u64(BigInt(value.values.length));
  for (let i = 0; i < value.values.length; i++) writeItem(sink, value.itemType, value.values[i]!);
}

function writeItem(sink: ByteSink, type: GgufItemType, item: number | bigint | boolean | string): void {
  switch (type) {
    case 'string':
      return sink.string(item as string);
    case 'bool':
      return sink.scalar(1, (view) => view.setUint8(0, item ? 1 : 0));
    case 'uint64':
      return sink.u64(item as bigint);
    case 'int64':
      return sink.scalar(8, (view) => view.setBigInt64(0, item as bigint, true));
    default:
      return writeNumber(sink, type, item as number);
  }
}

function writeNumber(sink: ByteSink, type: GgufNumberType, value: number): void {
  switch (type) {
    case 'uint8':
      return sink.scalar(1, (view) => view.setUint8(0, value));
    case 'int8':
      return sink.scalar(1, (view) => view.setInt8(0, value));
    case 'uint16':
      return sink.scalar(2, (view) => view.setUint16(0, value, true));
    case 'int16':
      return sink.scalar(2, (view) => view.setInt16(0, value, true));
    case 'uint32':
      return sink.u32(value);
    case 'int32':
      return sink.scalar(4, (view) => view.setInt32(0, value, true));
    case 'float32':
      return sink.scalar(4, (view) => view.setFloat32(0, value, true));
    case 'float64':
      return sink.scalar(8, (view) => view.setFloat64(0, value, true));
  }
}

/** A growable little-endian buffer for the header (tens of KB, vocabulary included). */
class ByteSink {
  private buffer = Buffer.alloc(64 * 1024);
  private length = 0;

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  scalar(size: number, write: (view: DataView) => void): void {
    this.reserve(size);
    write(new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, size));
    this.length += size;
  }

  u32(value: number): void {
    this.scalar(4, (view) => view.setUint32(0, value, true));
  }

  u64(value: bigint): void {
    this.scalar(8, (view) => view.setBigUint64(0, value, true));
  }

  /** GGUF string: u64 byte length, then UTF-8 bytes, no terminator. */
  string(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(BigInt(bytes.length));
    this.bytes(bytes);
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(size: number): void {
    if (this.length + size <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + size));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
