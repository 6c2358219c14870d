/** The parts of utif 3.1.0 (MIT, no types of its own) that Lectern uses to read TIFF scans. */
declare module 'utif' {
  /** One image file directory: tags by `t<number>` (values always arrays), and after decodeImage its size and raw samples. */
  export interface Ifd {
    [tag: `t${number}`]: number[] | string[] | undefined;
    width?: number;
    height?: number;
    /** The samples as the TIFF lays them out (rows padded to a byte), decompressed; 16-bit samples little-endian. */
    data?: Uint8Array;
    subIFD?: Ifd[];
  }
  /** The chain of image directories (pages) of a TIFF; throws on some damage, not all. */
  export function decode(buffer: ArrayBuffer): Ifd[];
  /** Decompresses one directory's strips or tiles into `ifd.data`. */
  export function decodeImage(buffer: ArrayBuffer, ifd: Ifd, ifds?: Ifd[]): void;
  /** The decoded image as 8-bit RGBA. */
  export function toRGBA8(ifd: Ifd): Uint8Array;
  /** An uncompressed RGBA TIFF (one page). */
  export function encodeImage(rgba: ArrayBuffer | Uint8Array, width: number, height: number, metadata?: Record<string, unknown>): ArrayBuffer;
  const UTIF: { decode: typeof decode; decodeImage: typeof decodeImage; toRGBA8: typeof toRGBA8; encodeImage: typeof encodeImage };
  export default UTIF;
}
